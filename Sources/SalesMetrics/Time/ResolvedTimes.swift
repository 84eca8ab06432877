/// The dataset's timestamp columns as instants in the report's time zone.
struct ResolvedTimes {
    var leadCreated: [Int64] = []
    var leadQualified: [Int64] = []
    var leadResponse: [Int64] = []
    var leadConverted: [Int64] = []
    var oppCreated: [Int64] = []
    var oppClosed: [Int64] = []
    var surveyAnswered: [Int64] = []
    var forecastSubmitted: [Int64] = []

    init(_ d: Dataset, zone: ZoneRules) {
        if let leads = d.leads {
            leadCreated = leads.createdAt.resolved(in: zone)
            leadQualified = leads.qualifiedAt.resolved(in: zone)
            leadResponse = leads.firstResponseAt.resolved(in: zone)
            leadConverted = leads.convertedAt.resolved(in: zone)
        }
        if let opps = d.opportunities {
            oppCreated = opps.createdAt.resolved(in: zone)
            oppClosed = opps.closedAt.resolved(in: zone)
        }
        if let surveys = d.surveys { surveyAnswered = surveys.answeredAt.resolved(in: zone) }
        if let forecasts = d.forecasts { forecastSubmitted = forecasts.submittedAt.resolved(in: zone) }
    }
}
