import SalesMetrics
import SalesMetricsIO
import Testing

/// Targets in every store: the defaults a new store has, replacing by name, all or nothing,
/// removal, the version pages follow, and the alerts' announced states.
struct TargetStoreTests {
    static let enterprise = Target(
        name: "enterprise-win-rate", metric: .winRate, comparison: .atLeast, value: 0.3, grains: [.quarter, .year],
        scope: .init(dimension: .segment, key: "Enterprise ✓"), validFrom: CivilDate.parse("2025-01-01"),
        validUntil: CivilDate.parse("2026-01-01"), note: "Board plan, 'FY25'; \"stretch\"")

    @Test(arguments: StoreKind.selected)
    func targetsAreKeptReplacedAndRemoved(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            #expect(try await store.targets().map(\.name) == Target.defaults.map(\.name).sorted())
            let version = try await store.versions().targets

            try await store.setTargets([Self.enterprise])
            #expect(try await store.targets().first { $0.name == Self.enterprise.name } == Self.enterprise)
            #expect(try await store.versions().targets == version + 1)

            var changed = Target.defaults[0]
            changed.value = 4.5
            try await store.setTargets([changed])
            let stored = try await store.targets()
            #expect(stored.count == Target.defaults.count + 1)
            #expect(stored.first { $0.name == changed.name }?.value == 4.5)

            #expect(try await store.removeTarget(name: changed.name))
            #expect(try await !store.removeTarget(name: changed.name))
            #expect(try await store.targets().count == Target.defaults.count)
        }
    }

    @Test(arguments: StoreKind.selected)
    func aBadTargetStoresNothing(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let before = try await store.targets()
            var bad = Self.enterprise
            bad.name = "second"
            bad.metric = .cac  // not by segment
            await #expect(throws: TargetStoreError.self) { try await store.setTargets([Self.enterprise, bad]) }
            #expect(try await store.targets() == before)
            let many = (0..<TargetStoreError.maxTargets).map {
                Target(name: "t\($0)", metric: .dealsWon, comparison: .atLeast, value: 1)
            }
            await #expect(throws: TargetStoreError.tooMany(TargetStoreError.maxTargets + before.count)) {
                try await store.setTargets(many)
            }
            #expect(try await store.targets() == before)
        }
    }

    @Test(arguments: StoreKind.selected)
    func announcedStatesAreRemembered(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            #expect(try await store.announcedStates().isEmpty)
            let key = TargetRow.announcementKey(target: "cltv-cac-3", grain: .month, period: "2025-03")
            try await store.recordAnnounced([key: "missed"])
            try await store.recordAnnounced([key: "met", "other|month|2025-03": "behind"])
            #expect(try await store.announcedStates() == [key: "met", "other|month|2025-03": "behind"])
        }
    }
}
