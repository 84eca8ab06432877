import ArgumentParser
import SalesMetrics

/// `--attribute-kind NAME=KIND`, for the commands that score leads (`score leads`, `serve`,
/// `demo --serve`): an attribute's kind over the one its values give (docs/scoring.md,
/// "Attribute kinds").
struct AttributeKindOptions: ParsableArguments {
    @Option(
        name: .customLong("attribute-kind"),
        help: ArgumentHelp(
            "An attribute's kind for the lead score over the one read from its values, NAME=category or NAME=number: a numeric code (a postal code) is a category. Repeatable.",
            valueName: "name=kind"))
    var declarations: [String] = []

    /// The sentence that refuses a malformed declaration, nil when all are well formed.
    var problem: String? {
        if case .failure(let error) = AttributeKind.declarations(declarations) { error.description } else { nil }
    }

    /// The declared kinds (none when one is malformed; `validate` refuses that first).
    var kinds: [String: AttributeKind] { (try? AttributeKind.declarations(declarations).get()) ?? [:] }
}
