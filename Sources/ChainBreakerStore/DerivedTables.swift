/// SQL both stores run when they re-derive their tables from the statement rows.
public enum DerivedTables {
    /// A counterparty written as a card's bank-internal account number (交易账号, which the
    /// card's own statement declares) is that card: its transfers are the card's, so the number
    /// stays an account without transfers, and the holder other statements name for it must not
    /// make it a second account of the same person (a frozen card's alias would otherwise be
    /// rated "shares its holder with an account tagged 已冻结涉诈账户" — with itself). Both stores
    /// run it after rebuilding `counterparty_holder`.
    public static let dropAliasHolders = """
        DELETE FROM counterparty_holder WHERE account_id IN (
          SELECT c.account_id FROM counterparty_holder c JOIN account a ON a.id = c.account_id
          WHERE a.number IN (SELECT i.account_number FROM account_info i JOIN account o ON o.id = i.account_id
                             WHERE i.account_number IS NOT NULL AND i.account_number <> o.number))
        """
}
