import SalesMetricsCLI

SalesMetricsCommand.main()
