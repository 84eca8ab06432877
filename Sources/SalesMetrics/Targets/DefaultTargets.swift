/// The targets a new store starts with: rules of thumb for B2B SaaS that hold for most teams.
/// Each says where it comes from (docs/review.md lists them); a user drops or changes them
/// with `salesmetrics targets`.
extension Target {
    public static let defaults: [Target] = [
        Target(
            name: "cltv-cac-3", metric: .cltvCacRatio, comparison: .atLeast, value: 3,
            note: "A customer should be worth at least 3× what it cost to win (the CLTV:CAC 3:1 rule of SaaS finance)."
        ),
        Target(
            name: "nrr-100", metric: .netRevenueRetention, comparison: .atLeast, value: 1,
            note: "Existing customers should pay at least as much at the end of a period as at its start (NRR ≥ 100%)."
        ),
        Target(
            name: "quick-ratio-4", metric: .saasQuickRatio, comparison: .atLeast, value: 4,
            note:
                "New and expansion MRR at least 4× the MRR lost to churn and contraction (Mamoon Hamid's SaaS quick ratio)."
        ),
        Target(
            name: "pipeline-coverage-3", metric: .pipelineCoverage, comparison: .atLeast, value: 3,
            note: "Open pipeline due in a period at least 3× its quota (the common 3× coverage rule)."),
        Target(
            name: "magic-number-0.75", metric: .magicNumber, comparison: .atLeast, value: 0.75, grains: [.quarter],
            note:
                "Each quarter's new ARR at least 0.75× the previous quarter's sales and marketing spend (Scale Venture Partners' magic number)."
        ),
    ]
}
