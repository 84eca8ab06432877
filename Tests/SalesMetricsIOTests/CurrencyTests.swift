import SalesMetrics
import Testing

@testable import SalesMetricsIO

/// SPEC §1 "Currencies", worked by hand: amounts in another currency are converted once, when
/// read, with the rate valid on the record's reference day, rounded half away from zero.
@Suite struct CurrencyTests {
    static let rates = """
        currency,valid_from,rate
        EUR,2024-01-01,1.1
        EUR,2024-03-01,1.2
        gbp,2024-01-01,1.2712345678

        """

    func read(_ files: [Table: String], currency: String = "USD") throws -> Dataset {
        try DatasetReader(currency: currency).read(files: files.mapValues { Array($0.utf8) }).dataset
    }

    func problems(_ files: [Table: String], currency: String = "USD") -> String {
        do {
            _ = try read(files, currency: currency)
            return ""
        } catch { return "\(error)" }
    }

    @Test func amountsAreConvertedOnTheirReferenceDay() throws {
        let deals = """
            opportunity_id,created_at,status,closed_at,amount,currency
            d1,2024-02-10,won,2024-03-05,100.05,EUR
            d2,2024-02-10,open,,0.05,eur
            d3,2024-02-10,won,2024-03-01T00:30:00+02:00,10,EUR
            d4,2024-02-10,won,2024-02-20,7,
            d5,2024-02-10,won,2024-02-20,8,usd
            d6,2024-01-05,won,2024-01-06,1000,GBP

            """
        let d = try read([.opportunities: deals, .fxRates: Self.rates])
        // d1: 100.05 × 1.2 = 120.06 (closed in March); d2: 0.05 × 1.1 = 0.055 → 0.06 (open:
        // created in February); d3: closed on 2024-03-01 as written (29 February in UTC) → 12.00;
        // d4 and d5 are in the dataset currency; d6: 1000 × 1.2712345678 = 1271.2345678 → 1271.23.
        #expect(d.opportunities?.amount == [12_006, 6, 1_200, 700, 800, 127_123])
    }

    @Test func subscriptionsSpendQuotasAndForecastsToo() throws {
        let d = try read([
            .subscriptions: "subscription_id,account_id,mrr,started_on,currency\ns1,a1,10.01,2024-03-15,EUR\n",
            .spend: "date,category,channel,amount,currency\n2024-02-01,marketing,Web,100,EUR\n",
            .quotas: "rep_id,period_start,period_end,amount,currency\nr1,2024-03-01,2024-03-31,1000,EUR\n",
            .forecasts: "period_start,period_end,amount,rep_id,submitted_at,currency\n2024-01-01,2024-03-31,50,,,EUR\n",
            .fxRates: Self.rates,
        ])
        #expect(d.subscriptions?.mrr == [1_201])  // 10.01 × 1.2 = 12.012
        #expect(d.spend?.amount == [11_000])
        #expect(d.quotas?.amount == [120_000])
        #expect(d.forecasts?.amount == [5_500])
    }

    @Test func theDatasetCurrencyIsTheReportsCurrency() throws {
        // Reporting in EUR: EUR rows stay, USD rows need a USD rate (here: 1 USD = 0.9 EUR).
        let d = try read(
            [
                .opportunities:
                    "opportunity_id,created_at,status,closed_at,amount,currency\nd1,2024-02-10,won,2024-02-11,100,EUR\nd2,2024-02-10,won,2024-02-11,100,USD\n",
                .fxRates: "currency,valid_from,rate\nUSD,2020-01-01,0.9\n",
            ], currency: "eur")
        #expect(d.opportunities?.amount == [10_000, 9_000])
    }

    @Test func aCurrencyWithoutARateIsAnErrorAtItsLine() {
        let deals =
            "opportunity_id,created_at,status,closed_at,amount,currency\nd1,2023-12-10,won,2023-12-20,5,EUR\nd2,2024-02-10,won,2024-02-20,5,JPY\nd3,2024-02-10,won,2024-02-20,5,EURO\n"
        let text = problems([.opportunities: deals, .fxRates: Self.rates])
        #expect(
            text.contains(
                "opportunities.csv:2: column 'currency': no rate for EUR on 2023-12-20 in fx_rates.csv; add a row with currency EUR and a valid_from on or before that day"
            ), "\(text)")
        #expect(text.contains("opportunities.csv:3: column 'currency': no rate for JPY on 2024-02-20"), "\(text)")
        #expect(text.contains("opportunities.csv:4: column 'currency': \"EURO\" is not a currency code"), "\(text)")
        // Without fx_rates.csv at all, the message says to add one.
        #expect(problems([.opportunities: deals]).contains("there is no fx_rates.csv to convert it"))
    }

    @Test func ratesAreChecked() {
        let text = problems([
            .fxRates:
                "currency,valid_from,rate\nEUR,2024-01-01,1.1\nEUR,2024-01-01,1.2\nUS,2024-01-01,1\nGBP,2024-01-01,0\nCHF,2024-01-01,1.12345678901\nJPY,2024-01-01,1000000\n"
        ])
        #expect(
            text.contains("fx_rates.csv:3: column 'valid_from': EUR already has a rate from 2024-01-01 (line 2)"),
            "\(text)")
        #expect(text.contains("fx_rates.csv:4: column 'currency': \"US\" is not a currency code"), "\(text)")
        for line in 5...7 { #expect(text.contains("fx_rates.csv:\(line): column 'rate'"), "\(line): \(text)") }
    }

    @Test func conversionRoundsHalfAwayFromZeroAndStaysInBounds() {
        #expect(ExchangeRates.convert(5, rate: 11_000_000_000) == 6)  // 0.055 → 0.06
        #expect(ExchangeRates.convert(-5, rate: 11_000_000_000) == -6)
        #expect(ExchangeRates.convert(4, rate: 11_000_000_000) == 4)  // 0.044 → 0.04
        #expect(ExchangeRates.convert(99_999_999_999_999_999, rate: 999_999 * 10_000_000_000) == nil)
        func rate(_ text: String) -> Int64? { Array(text.utf8).withUnsafeBufferPointer { ExchangeRates.parse($0) } }
        #expect(rate("0.0000000001") == 1)
        #expect(rate("18.5") == 185_000_000_000)
        #expect(rate("999999.9999999999") == 9_999_999_999_999_999)
        for bad in ["0", "0.0", "1000000", "1.12345678901", "-1", "1e3", ".", "1.2.3"] {
            #expect(rate(bad) == nil, "\(bad)")
        }
    }
}
