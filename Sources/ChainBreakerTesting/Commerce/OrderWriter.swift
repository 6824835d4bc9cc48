/// Writes orders.csv (ordered by order time), masking names and phones where the source does.
extension OrderBook {
    func write(world w: World, to dir: String) throws -> Int {
        let sink = try ByteSink(path: dir + "/orders.csv")
        try sink.record(["运单号", "下单时间", "收件人姓名", "收件人手机号", "收件地址", "商户", "发货仓", "快递公司"])
        for o in orders {
            let p = w.persons[Int(o.person)]
            var name = p.name
            if o.maskedName {
                let chars = Array(name)
                name = chars.count >= 3 ? String(chars[0]) + "*" + String(chars[chars.count - 1]) : String(chars[0]) + "*"
            }
            var phone = p.phone
            if o.maskedPhone { phone = String(phone.prefix(3)) + "****" + String(phone.suffix(4)) }
            var address = p.address
            if o.companyAddress, p.employer >= 0 {
                let company = w.accounts[Int(p.employer)].holderName
                let h = SplitMix64.mix(UInt64(p.employer))
                address = NameBank.provinceName + NameBank.cityName + NameBank.districts[Int(h % 7)].name
                    + NameBank.roads[Int((h >> 8) % UInt64(NameBank.roads.count))] + "\(1 + (h >> 16) % 300)号" + company
            }
            try sink.record([o.waybill, ByteFormat.dash(o.time), name, phone, address, shops[Int(o.shop)], warehouses[Int(o.warehouse)],
                             OrderBook.courierCompanies[Int(o.courier)]])
        }
        try sink.close()
        return orders.count
    }
}
