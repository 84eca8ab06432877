/// The review as JSON (`review --format json`): every number of the document, in the machine
/// form of the report's JSON (money as a decimal of major units, ratios unrounded, null for no
/// value), so a script can rebuild any table of it.
public enum ReviewJSON {
    typealias Value = JSONValue

    public static func render(_ r: Review) -> String {
        func status(_ s: TargetStatus) -> Value {
            var fields: [(String, Value)] = [
                ("target", .string(s.target.name)), ("metric", .string(s.target.metric.rawValue)),
                ("comparison", .string(s.target.comparison.rawValue)), ("target_value", .double(s.target.value)),
                ("state", .string(s.state.rawValue)), ("value", .metric(s.value)), ("gap", .double(s.gap)),
                ("complete", .bool(s.complete)), ("pace", .double(s.pace)),
                ("previous_at_same_day", s.previousAtSameDay.map(Value.metric) ?? .null),
            ]
            if let scope = s.target.scope {
                fields.append(("scope", .object([(scope.dimension.rawValue, .string(scope.key))])))
            }
            return .object(fields)
        }
        var fields: [(String, Value)] = [
            ("cadence", .string(r.cadence.rawValue)), ("grain", .string(r.grain.rawValue)),
            ("period", .string(r.period.label)), ("start", .string(CivilDate.format(r.period.firstDay))),
            ("end", .string(CivilDate.format(r.period.endDay))), ("complete", .bool(r.complete)),
            ("previous_period", .optional(r.previousLabel)), ("year_ago_period", .optional(r.yearAgoLabel)),
            ("timezone", .string(r.timezone)), ("currency", .string(r.currency)),
            (
                "headline",
                .array(
                    r.headline.map { h in
                        .object([
                            ("metric", .string(h.metric.id)), ("value", .metric(h.value)),
                            ("previous", .metric(h.previous)), ("year_ago", .metric(h.yearAgo)),
                            ("sample", .int(h.sample)), ("target", h.target.map(status) ?? .null),
                        ])
                    })
            ),
            ("targets", .array(r.targets.map(status))),
            (
                "movers",
                .array(
                    r.movers.map { m in
                        .object([
                            ("metric", .string(m.metric.id)), ("value", .metric(m.value)),
                            ("previous", .metric(m.previous)), ("score", .double(m.score)),
                            (
                                "drivers",
                                .array(
                                    m.drivers.map {
                                        .object([
                                            ("dimension", .string($0.dimension.rawValue)), ("key", .string($0.key)),
                                            ("previous", .metric($0.previous)), ("value", .metric($0.value)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            (
                "reps",
                .array(
                    r.reps.map { rep in
                        .object([
                            ("owner", .string(rep.id)), ("name", .string(rep.name)),
                            ("total_revenue", .metric(rep.revenue)), ("deals_won", .metric(rep.dealsWon)),
                            ("deals_closed", .int(rep.dealsClosed)), ("win_rate", .metric(rep.winRate)),
                            ("quota", .metric(rep.quota)), ("attainment", .metric(rep.attainment)),
                            ("pipeline_coverage", .metric(rep.pipelineCoverage)),
                        ])
                    })
            ),
            (
                "funnel",
                r.funnel.map { f in
                    .array(
                        f.steps.map { s in
                            .object([
                                ("stage", .string(s.stage)), ("entered", .int(s.entered)),
                                ("advanced", .int(s.advanced)), ("lost", .int(s.lost)),
                                ("conversion", .double(s.conversionToNext)),
                                ("median_days_in_stage", .double(s.medianDaysInStage)),
                            ])
                        })
                } ?? .null
            ),
            (
                "sources",
                .array(
                    r.sources.map { s in
                        .object([
                            ("source", .string(s.source)), ("leads_created", .metric(s.leads)),
                            ("lead_conversion_rate", .metric(s.conversion)), ("deals_won", .metric(s.dealsWon)),
                            ("total_revenue", .metric(s.revenue)), ("spend", .metric(s.spend)),
                            ("source_roi", .metric(s.roi)), ("spend_per_won_deal", .metric(s.cac)),
                        ])
                    })
            ),
            ("subscriptions", .object(r.subscriptions.map { ($0.metric.id, .metric($0.value)) })),
        ]
        if let quarters = r.quarters {
            fields.append(
                (
                    "quarters",
                    .array(
                        quarters.periods.map { p in
                            .object(
                                [("period", .string(p.label))]
                                    + quarters.metricKeys.map { ($0.rawValue, .metric(p.metrics[$0] ?? .none)) })
                        })
                ))
        }
        fields.append(("caveats", .array(r.caveats.map(Value.string))))
        return Value.object(fields).document()
    }
}
