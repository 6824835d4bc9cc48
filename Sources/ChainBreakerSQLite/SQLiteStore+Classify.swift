import ChainBreakerStore
import GRDB

extension SQLiteStore {
    public func setPredictedCaseCategories(_ predictions: [CaseCategoryPrediction]) throws -> CaseCategoryCounts {
        try SQLiteStore.wrap(.write, "cannot write case categories") {
            try pool.write { db in
                var counts = CaseCategoryCounts()
                let update = try db.makeStatement(sql: """
                    UPDATE case_report SET fraud_type = ?, fraud_type_source = 'model', fraud_type_confidence = ?
                    WHERE id = ? AND (fraud_type IS NULL OR trim(fraud_type) = '' OR fraud_type_source = 'model')
                    """)
                let exists = try db.makeStatement(sql: "SELECT 1 FROM case_report WHERE id = ?")
                for p in predictions {
                    try update.execute(arguments: [p.category, p.confidence, p.caseID])
                    if db.changesCount > 0 {
                        counts.written += 1
                    } else if try Int.fetchOne(exists, arguments: [p.caseID]) != nil {
                        counts.keptAnalyst += 1
                    }
                }
                return counts
            }
        }
    }
}
