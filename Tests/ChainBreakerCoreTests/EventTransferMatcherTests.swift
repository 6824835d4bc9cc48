import Testing
@testable import ChainBreakerCore

@Suite struct EventTransferMatcherTests {
    /// Statement transfers: 0→1 100 at t=1000; clearing(9)→2 50 at t=2000 (a WeChat Pay payment
    /// as the payee's statement shows it); 3→cash 20 at t=3000; 0→1 100 at t=5000 (a repeat).
    let sf: [Int32] = [0, 9, 3, 0], st: [Int32] = [1, 2, -1, 1]
    let sa: [Int64] = [100, 50, 20, 100], stime: [Int64] = [1000, 2000, 3000, 5000]

    @Test func matchesByAmountEndpointAndNearTime() {
        // Events: the same 0→1 three seconds earlier; wallet 7→2 (payee shared); ATM 3→cash;
        // 0→1 100 again at 1010 (a second payment: the statement's one transfer is taken);
        // 4→5 30 (no statement shows it); 0→1 100 at 5000 + 121 (outside the tolerance).
        let ef: [Int32] = [0, 7, 3, 0, 4, 0], et: [Int32] = [1, 2, -1, 1, 5, 1]
        let ea: [Int64] = [100, 50, 20, 100, 30, 100], etime: [Int64] = [997, 2001, 3002, 1010, 4000, 5121]
        let keep = EventTransferMatcher().unmatched(existingFrom: sf, existingTo: st, existingAmount: sa, existingTime: stime,
                                                    eventFrom: ef, eventTo: et, eventAmount: ea, eventTime: etime)
        #expect(keep == [3, 4, 5])
    }

    @Test func cashIsNeverASharedEndpoint() {
        // 8→cash 20 at 3000 must not match 3→cash 20 at 3000.
        let keep = EventTransferMatcher().unmatched(existingFrom: sf, existingTo: st, existingAmount: sa, existingTime: stime,
                                                    eventFrom: [8], eventTo: [-1], eventAmount: [20], eventTime: [3000])
        #expect(keep == [0])
    }

    @Test func nearestStatementTransferIsTaken() {
        // Two statement transfers 0→1 100 at 1000 and 1100; events at 1098 and 1001: each takes its nearest.
        let keep = EventTransferMatcher().unmatched(existingFrom: [0, 0], existingTo: [1, 1], existingAmount: [100, 100], existingTime: [1000, 1100],
                                                    eventFrom: [0, 0], eventTo: [1, 1], eventAmount: [100, 100], eventTime: [1098, 1001])
        #expect(keep.isEmpty)
        #expect(EventTransferMatcher().unmatched(existingFrom: [], existingTo: [], existingAmount: [], existingTime: [],
                                                 eventFrom: [], eventTo: [], eventAmount: [], eventTime: []).isEmpty)
    }
}
