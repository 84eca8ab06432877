import Foundation
import SalesMetrics
import Testing

/// The lead score against numbers worked out by hand (docs/scoring.md, "A worked example"), and
/// its rules: which leads it learns from, which it scores, levels and bins, the evaluation.
@Suite struct LeadScoreTests {
    typealias F = Fixture

    /// Eight leads with a known outcome on 2024-06-01 (horizon 90 days): source A converted 3
    /// of 4, source B 1 of 4; and two open leads, one of each source, created within the horizon.
    static let tiny = """
        lead_id,created_at,source,converted_at
        a1,2024-01-01,A,2024-01-10
        a2,2024-01-01,A,2024-01-10
        a3,2024-01-01,A,2024-01-10
        a4,2024-01-01,A,
        b1,2024-01-01,B,2024-01-10
        b2,2024-01-01,B,
        b3,2024-01-01,B,
        b4,2024-01-01,B,
        open-a,2024-05-20,A,
        open-b,2024-05-21,B,

        """

    static func options(lambda: Double = 1, minCount: Int? = 1, asOf: String = "2024-06-01") -> LeadScoreOptions {
        LeadScoreOptions(asOf: CivilDate.parse(asOf)!, horizonDays: 90, minLevelCount: minCount, lambda: lambda)
    }

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// By hand: the data are symmetric (A: 3 of 4, B: 1 of 4), so the intercept is 0 and
    /// w_B = −w_A = −w, and setting the gradient of λ/2·Σw² + Σ logloss to 0 for w_A gives
    /// 4σ(w) − 3 + w = 0 (λ = 1): w = 0.50524… The "(other)" level has no lead and weight 0.
    @Test func coefficientsSolveTheHandDerivedEquation() throws {
        let s = try LeadScores(F.dataset([.leads: Self.tiny]), options: Self.options())
        #expect(s.learnedFrom == 8 && s.converted == 4)
        #expect(abs(s.intercept) < 1e-9)
        let weight = { (level: String) in s.coefficients.first { $0.level == level }!.weight }
        let w = weight("A")
        #expect(abs(4 * Self.sigmoid(w) - 3 + w) < 1e-9)
        #expect(abs(w - 0.505_24) < 1e-5)
        #expect(abs(weight("B") + w) < 1e-9)
        #expect(weight("(other)") == 0)
        #expect(s.coefficients.map(\.count) == [4, 4, 0])
    }

    /// Without a penalty the fit is each source's own rate: 3/4 and 1/4.
    @Test func withoutPenaltyTheFitIsEachSourcesRate() throws {
        let s = try LeadScores(F.dataset([.leads: Self.tiny]), options: Self.options(lambda: 1e-9))
        let a = s.leads.first { $0.id == "open-a" }!
        let b = s.leads.first { $0.id == "open-b" }!
        #expect(abs(a.probability - 0.75) < 1e-6)
        #expect(abs(b.probability - 0.25) < 1e-6)
        #expect(a.score == 75 && b.score == 25)
    }

    /// The open leads: σ(w) = 0.6237 → 62, and 38; each moved 12 points by its source from the
    /// average lead (whose weights average 0: σ(0) = 0.5).
    @Test func openLeadsAreScoredWithTheirReasons() throws {
        let s = try LeadScores(F.dataset([.leads: Self.tiny]), options: Self.options())
        #expect(s.leads.map(\.id) == ["open-a", "open-b"])
        #expect(s.leads.map(\.score) == [62, 38])
        #expect(s.leads[0].reasonsFor == [ScoreReason(factor: "source", level: "A", points: 12)])
        #expect(s.leads[0].reasonsAgainst.isEmpty)
        #expect(s.leads[1].reasonsAgainst.map(\.text) == ["source B −12"])
        #expect(s.pastHorizon == 4)  // a4, b2, b3, b4: never converted, created before the horizon
        // Eight leads are too few to test on: no figures, and a sentence saying so.
        #expect(s.evaluation == nil)
        #expect(s.evaluationNote?.contains("too few") == true)
    }

    /// AUC by hand: of the 16 (converted, not) pairs, 9 are ordered right and 6 tie (3 in A, 3 in
    /// B, half each): (9 + 3) / 16 = 0.75. Brier: 3·0.25² + 0.75² in each source, over 8: 0.1875.
    @Test func qualityFiguresByHand() throws {
        let q = try #require(
            ScoreQuality(
                predictions: [0.75, 0.75, 0.75, 0.75, 0.25, 0.25, 0.25, 0.25],
                outcomes: [true, true, true, false, true, false, false, false]))
        #expect(q.auc == 0.75)
        #expect(q.brier == 0.1875)
        #expect(q.averageRate == 0.5)
        // The top tenth of 8 is the first lead by probability (ties keep their order): converted.
        #expect(q.topDecileRate == 1)
        #expect(q.calibration.map(\.count) == [1, 1, 1, 1, 1, 1, 1, 1])
        #expect(q.calibration.map(\.meanPredicted) == [0.75, 0.75, 0.75, 0.75, 0.25, 0.25, 0.25, 0.25])
        // A perfect ranking and a reversed one.
        #expect(ScoreQuality(predictions: [0.9, 0.1], outcomes: [true, false])?.auc == 1)
        #expect(ScoreQuality(predictions: [0.1, 0.9], outcomes: [true, false])?.auc == 0)
        #expect(ScoreQuality(predictions: [0.5, 0.5], outcomes: [true, true])?.auc == nil)
    }

    /// Naive Bayes with add-one smoothing over the three levels of source (A, B, "(other)"):
    /// P(A | converted) = (3 + 1) / (4 + 3), P(A | not) = (1 + 1) / (4 + 3): odds 2, p = 2/3.
    @Test func naiveBayesByHand() throws {
        let d = try F.dataset([.leads: Self.tiny])
        let raw = [RawFactor(name: "source", values: .category(names: d.sources.values, codes: d.leads!.source))]
        let rows = Array(0..<8)
        let labels = d.leads!.convertedAt.values.map { $0 != Timestamp.none } + [false, false]
        let design = FactorDesign(raw, rowCount: 10, fitRows: rows, minCount: 1)
        let nb = NaiveBayes(design: design, rows: rows, labels: labels)
        #expect(abs(nb.probability(design, row: 0) - 2.0 / 3) < 1e-12)
        #expect(abs(nb.probability(design, row: 4) - 1.0 / 3) < 1e-12)
    }

    /// Numbers are cut at their quintiles: 1…10 at the 3rd, 5th, 7th and 9th values.
    @Test func numbersAreBinnedAtQuintiles() {
        let numbers = (1...10).map(Double.init) + [.nan]
        let design = FactorDesign(
            [RawFactor(name: "visits", values: .number(numbers))], rowCount: 11, fitRows: Array(0..<11), minCount: 1)
        #expect(
            design.factors[0].levels == [
                "under 3", "3 to under 5", "5 to under 7", "7 to under 9", "9 or more", "(none)",
            ])
        #expect((0..<11).map { Int(design.columns(of: $0).first!) } == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5])
        // Many equal values give fewer cuts, none at the minimum.
        let zeros = FactorDesign(
            [RawFactor(name: "visits", values: .number([0, 0, 0, 0, 0, 0, 0, 2, 5, 9]))], rowCount: 10,
            fitRows: Array(0..<10), minCount: 1)
        #expect(zeros.factors[0].levels == ["under 5", "5 or more", "(none)"])
    }

    /// Values rarer than the minimum share "(other)", as do values never seen; an empty value is
    /// "(none)", a level like the others; a factor with one value in every lead is left out.
    @Test func rareValuesArePooledAndConstantFactorsLeftOut() {
        // X ×5, Y ×5, Z ×1, empty ×2; then W, seen only outside the rows learned from.
        let codes: [Int32] = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, -1, -1, 3]
        let design = FactorDesign(
            [
                RawFactor(name: "kind", values: .category(names: ["X", "Y", "Z", "W"], codes: codes)),
                RawFactor(name: "same", values: .category(names: ["only"], codes: codes.map { _ in 0 })),
            ], rowCount: 14, fitRows: Array(0..<13), minCount: 2)
        #expect(design.factors.map(\.name) == ["kind"])
        #expect(design.factors[0].levels == ["X", "Y", "(none)", "(other)"])
        #expect(design.leftOut.map(\.name) == ["same"])
        #expect((10..<14).map { Int(design.columns(of: $0).first!) } == [3, 2, 2, 3])
    }

    /// Which leads are learned from and which are scored, as of a day: a lead converted after
    /// the horizon is a lead that did not convert; a lead still open past its horizon is not
    /// scored; a conversion after as-of is not known yet.
    @Test func knownOutcomesAndOpenLeads() throws {
        let leads = """
            lead_id,created_at,source,converted_at
            in-time,2024-01-01,A,2024-03-30
            too-late,2024-01-01,A,2024-04-15
            never,2024-01-01,B,
            stale-open,2024-02-01,B,
            recent-converted,2024-05-01,A,2024-05-10
            open,2024-05-02,A,
            converts-later,2024-05-03,B,2024-07-01

            """
        let s = try LeadScores(F.dataset([.leads: leads]), options: Self.options())
        #expect(s.learnedFrom == 4 && s.converted == 1)
        #expect(s.pastHorizon == 2)  // never and stale-open: still open on 2024-06-01
        #expect(Set(s.leads.map(\.id)) == ["open", "converts-later"])
    }

    @Test func firstResponseIsKnownOnlyUpToAsOf() throws {
        let leads = """
            lead_id,created_at,source,first_response_at,converted_at
            fast1,2024-01-01T09:00:00Z,A,2024-01-01T09:30:00Z,2024-01-05
            fast2,2024-01-01T09:00:00Z,A,2024-01-01T09:10:00Z,2024-01-05
            slow1,2024-01-01T09:00:00Z,A,2024-01-08T09:00:00Z,
            slow2,2024-01-01T09:00:00Z,A,2024-01-09T09:00:00Z,
            answered-later,2024-05-30T09:00:00Z,A,2024-06-02T09:00:00Z,

            """
        let s = try LeadScores(F.dataset([.leads: leads]), options: Self.options())
        #expect(s.factors == ["first response"])
        let lead = try #require(s.leads.first)
        // Its reply on 2024-06-02 is after as-of: on 2024-06-01 it had none yet, a level no lead
        // learned from had (weight 0), where a reply after 3 days would have lowered its score.
        #expect(lead.score == 50)
        #expect(
            s.coefficients.map(\.level) == [
                "within an hour", "within a day", "within 3 days", "after 3 days", "none yet",
            ])
    }

    /// A CRM links a lead to its account when it converts: such a link gives the outcome away
    /// and is left out; a link that leads have whatever their outcome is used.
    @Test func anAccountLinkSetOnConversionIsLeftOut() throws {
        let accounts = """
            account_id,segment
            c1,SMB
            c2,Enterprise

            """
        var rows = ["lead_id,created_at,source,converted_at,account_id"]
        for i in 0..<40 {
            let converted = i % 2 == 0
            rows.append(
                "l\(i),2024-01-01,\(i % 3 == 0 ? "A" : "B"),\(converted ? "2024-01-05" : ""),\(converted ? "c\(i % 4 / 2 + 1)" : "")"
            )
        }
        let leaking = try LeadScores(
            F.dataset([.leads: rows.joined(separator: "\n") + "\n", .accounts: accounts]), options: Self.options())
        #expect(!leaking.factors.contains("account segment"))
        #expect(
            leaking.leftOut.contains {
                $0.hasPrefix("account segment: filled in for 100% of the leads that converted and 0% of the others")
            })

        rows = ["lead_id,created_at,source,converted_at,account_id"]
        for i in 0..<40 {
            rows.append("l\(i),2024-01-01,A,\(i % 2 == 0 ? "2024-01-05" : ""),c\(i % 3 == 0 ? 1 : 2)")
        }
        let linked = try LeadScores(
            F.dataset([.leads: rows.joined(separator: "\n") + "\n", .accounts: accounts]), options: Self.options())
        #expect(linked.factors.contains("account segment"))
    }

    /// Leads on distinct days are tested on their latest fifth; leads on one day in five folds.
    @Test func evaluationMethodFollowsTheDates() throws {
        func leads(sameDay: Bool) -> String {
            F.csv("lead_id,created_at,source,converted_at", 100) { i in
                let day = sameDay ? "2024-01-01" : CivilDate.format(CivilDate.parse("2023-01-01")! + Int32(i))
                let converts = i % 3 == 0 || (i % 5 == 0 && i % 2 == 0)
                return "l\(i),\(day),\(i % 2 == 0 ? "A" : "B"),\(converts ? day : "")"
            }
        }
        let byTime = try LeadScores(F.dataset([.leads: leads(sameDay: false)]), options: Self.options(minCount: nil))
        let e = try #require(byTime.evaluation)
        guard case .holdout(let from) = e.method else {
            Issue.record("expected a holdout, got \(e.method)")
            return
        }
        #expect(from == Int64(CivilDate.parse("2023-03-22")!) * Timestamp.msPerDay)  // day 80 of 100
        #expect(e.tested == 20 && e.learnedFrom == 80)
        #expect(e.model.count == 20 && e.baseline.count == 20)

        let sameDay = try LeadScores(F.dataset([.leads: leads(sameDay: true)]), options: Self.options(minCount: nil))
        let k = try #require(sameDay.evaluation)
        #expect(k.method == .kFold(5))
        #expect(k.tested == 100)
        // Source alone is all there is to learn here: within a fold the score and its baseline
        // rank alike; pooled over folds, only their calibrations differ.
        #expect(abs((k.model.auc ?? 0) - (k.baseline.auc ?? 1)) < 0.05)
    }

    @Test func scoresAreNeverZeroOrHundred() {
        #expect(LeadScores.score(0) == 1)
        #expect(LeadScores.score(0.004) == 1)
        #expect(LeadScores.score(0.996) == 99)
        #expect(LeadScores.score(1) == 99)
        #expect(LeadScores.score(0.425) == 43)
        #expect(LeadScores.score(.nan) == 50)
    }

    @Test func refusalsSayWhatToChange() throws {
        #expect(throws: LeadScoreError.noLeads) { try LeadScores(Dataset(), options: Self.options()) }
        let d = try F.dataset([.leads: Self.tiny])
        #expect(throws: LeadScoreError.self) { try LeadScores(d, options: Self.options(asOf: "2024-02-01")) }
        do {
            _ = try LeadScores(d, options: Self.options(asOf: "2024-02-01"))
        } catch {
            #expect(error.description.contains("give --as-of 2024-03-31 or later"))
        }
        let allConverted = "lead_id,created_at,converted_at\nx,2024-01-01,2024-01-02\n"
        #expect(throws: LeadScoreError.oneOutcome(converted: true, count: 1)) {
            try LeadScores(F.dataset([.leads: allConverted]), options: Self.options())
        }
    }

    /// A numeric code is read as a number (binned at quintiles) unless declared a category, when
    /// each code is a level of its own; a declared name that is no attribute is refused.
    @Test func attributeKindsCanBeDeclared() throws {
        var rows = Self.tiny.split(separator: "\n").map(String.init)
        rows[0] += ",zip"
        for i in 1..<rows.count { rows[i] += rows[i].contains(",A,") ? ",10001" : ",20002" }
        let d = try F.dataset([.leads: rows.joined(separator: "\n") + "\n"])
        let levels = { (s: LeadScores) in s.coefficients.filter { $0.factor == "zip" }.map(\.level) }
        let inferred = try LeadScores(d, options: Self.options())
        #expect(!levels(inferred).isEmpty && !levels(inferred).contains("10001"))
        var options = Self.options()
        options.attributeKinds = ["zip": .category]
        let declared = try LeadScores(d, options: options)
        #expect(levels(declared) == ["10001", "20002", "(other)"])
        #expect(declared.version != inferred.version)
        options.attributeKinds = ["zipcode": .category]
        #expect(throws: LeadScoreError.unknownAttribute("zipcode", known: ["zip"])) {
            try LeadScores(d, options: options)
        }
        #expect(
            LeadScoreError.unknownAttribute("zipcode", known: ["zip"]).description
                == "no attribute is named \"zipcode\"; the attributes are \"zip\".")
        // The option's form.
        #expect(
            try AttributeKind.declarations(["Postal Code=category", "visits = number"]).get()
                == ["postal code": .category, "visits": .number])
        for bad in ["zip", "zip=text", "=category"] {
            guard case .failure(let error) = AttributeKind.declarations([bad]) else {
                Issue.record("\(bad) was accepted")
                continue
            }
            #expect(error.description.contains("is not NAME=category or NAME=number"))
        }
    }

    /// On larger generated data: every score in 1…99, highest first, reasons for above 0 and
    /// against below 0, at most three of each; the same data give the same version.
    @Test func invariantsOnGeneratedLeads() throws {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let sources = ["Web", "Referral", "Event", "Ads"]
        let text = F.csv("lead_id,created_at,source,segment,owner_id,first_response_at,converted_at,visits", 2_000) {
            i in
            let day = CivilDate.parse("2023-01-01")! + Int32(i / 4)
            let source = sources[Int(next() * 4)]
            let visits = Int(next() * 20)
            let p = 0.1 + (source == "Referral" ? 0.3 : 0) + Double(visits) / 60
            let created = CivilDate.format(day)
            let converted = next() < p && day < CivilDate.parse("2024-04-01")!
            return
                "l\(i),\(created)T10:00:00Z,\(source),\(next() < 0.5 ? "SMB" : "Mid"),r\(Int(next() * 5)),\(created)T1\(Int(next() * 10)):00:00Z,\(converted ? CivilDate.format(day + 3) : ""),\(visits)"
        }
        let d = try F.dataset([.leads: text])
        let s = try LeadScores(d, options: Self.options(minCount: nil, asOf: "2024-05-01"))
        #expect(!s.leads.isEmpty)
        #expect(s.leads.allSatisfy { (1...99).contains($0.score) })
        #expect(zip(s.leads, s.leads.dropFirst()).allSatisfy { $0.probability >= $1.probability })
        #expect(s.leads.allSatisfy { $0.reasonsFor.count <= 3 && $0.reasonsAgainst.count <= 3 })
        #expect(s.leads.allSatisfy { $0.reasonsFor.allSatisfy { $0.points > 0 } })
        #expect(s.leads.allSatisfy { $0.reasonsAgainst.allSatisfy { $0.points < 0 } })
        let e = try #require(s.evaluation)
        #expect(e.beatsBaseline)  // visits carry signal that source does not
        #expect(e.model.calibration.count == 10)
        #expect(try LeadScores(d, options: Self.options(minCount: nil, asOf: "2024-05-01")).version == s.version)
    }
}
