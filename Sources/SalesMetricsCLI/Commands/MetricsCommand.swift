import ArgumentParser
import SalesMetrics

struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "List the metric catalog, or explain one metric.",
        discussion: """
            Without an id: every metric with its id, unit and label, by category.
            With an id: its definition, formula, the data it needs, the breakdowns it supports and an example.
            `--format markdown` prints the full reference (docs/metrics.md is generated this way).
            """)

    @Argument(help: "A metric id, such as win_rate.")
    var id: String?

    @Option(help: "text or markdown.")
    var format: CatalogFormat = .text

    enum CatalogFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown }

    func run() throws {
        if let id {
            guard let metric = Catalog.metric(id) else {
                printError("Error: " + ReportError.unknownMetrics([id]).description)
                throw Exit.badOptions
            }
            print(format == .markdown ? CatalogText.markdown(metric) : CatalogText.describe(metric), terminator: "")
        } else {
            print(format == .markdown ? CatalogText.reference() : CatalogText.list(), terminator: "")
        }
    }
}

/// Texts about the catalog, for the terminal and for docs/metrics.md.
enum CatalogText {
    static func list() -> String {
        var out = ""
        let idWidth = Catalog.ids.map(\.count).max()!
        for category in MetricCategory.allCases {
            out += category.title + "\n"
            for metric in Catalog.metrics where metric.category == category {
                let id = metric.id + String(repeating: " ", count: idWidth - metric.id.count)
                let unit = metric.unit.rawValue + String(repeating: " ", count: 14 - metric.unit.rawValue.count)
                out += "  \(id)  \(unit)\(metric.label)\n"
            }
        }
        return out + "\nRun `salesmetrics metrics ID` for a metric's definition and formula.\n"
    }

    static func needs(_ metric: Metric) -> String {
        var parts = metric.requires.map(\.fileName)
        if !metric.requiresAnyOf.isEmpty {
            parts.append("one of " + metric.requiresAnyOf.map(\.fileName).joined(separator: " or "))
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }

    static func breakdowns(_ metric: Metric) -> String {
        let dims = metric.dimensions.map(\.rawValue)
        return dims.isEmpty ? "none (totals only)" : dims.joined(separator: ", ")
    }

    /// The measures the metric is computed from (``Measure/summary``), or the custom formula.
    static func builtFrom(_ metric: Metric) -> String {
        if case .custom(let formula) = metric.kind { return "a formula of its own (\(formula.rawValue))" }
        var seen = Set<Measure>()
        return metric.kind.measures.filter { seen.insert($0).inserted }.map(\.summary).joined(separator: "; ")
    }

    static func direction(_ metric: Metric) -> String {
        switch metric.direction {
        case .higherIsBetter: "higher is better"
        case .lowerIsBetter: "lower is better"
        case .neutral: "neither higher nor lower is better in itself"
        }
    }

    static func describe(_ metric: Metric) -> String {
        """
        \(metric.label) (\(metric.id))
        Category:   \(metric.category.title)
        Unit:       \(metric.unit.rawValue), \(direction(metric))
        Definition: \(metric.definition)
        Formula:    \(metric.formula)
        Built from: \(builtFrom(metric))
        Needs:      \(needs(metric))
        Breakdowns: \(breakdowns(metric))
        Example:    \(metric.example)

        """
    }

    static func markdown(_ metric: Metric) -> String {
        """
        ### \(metric.label) — `\(metric.id)`

        \(metric.definition)

        - **Formula:** `\(metric.formula)`
        - **Built from:** \(builtFrom(metric))
        - **Unit:** \(metric.unit.rawValue) (\(direction(metric)))
        - **Needs:** \(needs(metric))
        - **Breakdowns:** \(breakdowns(metric))
        - **Example:** \(metric.example)

        """
    }

    /// The whole metrics reference (docs/metrics.md).
    static func reference() -> String {
        var out = """
            # Metrics reference

            Generated from the catalog by `salesmetrics metrics --format markdown`; do not edit by hand.
            Notation (SPEC §3): `won(P)` / `lost(P)` are the deals won / lost with `closed_at` in period P,
            `R(P)` their won amount, `leads(P)` the leads created in P, `open_at(t)` the deals created before t
            and not closed before t, `S(P)` the accounts paying on the day before P, `E(P)` those paying on
            P's last day, `P−1` the period before P. A ratio with a zero or missing denominator is null;
            ratios are fractions (0.25 = 25%). A metric whose files are missing is null, never 0.
            Money is exact (cents) and rounded half away from zero only when printed.


            """
        for category in MetricCategory.allCases {
            out += "## \(category.title)\n\n"
            for metric in Catalog.metrics where metric.category == category {
                out += markdown(metric) + "\n"
            }
        }
        return out
    }
}
