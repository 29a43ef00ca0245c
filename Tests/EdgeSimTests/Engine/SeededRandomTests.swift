import Testing
@testable import EdgeSim

@Suite("SeededRandom")
struct SeededRandomTests {
    static func draws(_ random: SeededRandom, count: Int = 8) -> [UInt64] {
        var random = random
        return (0..<count).map { _ in random.next() }
    }

    @Test("one seed always gives one sequence")
    func sameSeedSameSequence() {
        #expect(Self.draws(SeededRandom(seed: 7)) == Self.draws(SeededRandom(seed: 7)))
        #expect(Self.draws(SeededRandom(seed: 7, stream: "kubelet", index: 3))
                == Self.draws(SeededRandom(seed: 7, stream: "kubelet", index: 3)))
    }

    @Test("different seeds, stream names or indices give different sequences")
    func streamsDiffer() {
        let sequences = [
            Self.draws(SeededRandom(seed: 7)),
            Self.draws(SeededRandom(seed: 8)),
            Self.draws(SeededRandom(seed: 7, stream: "kubelet")),
            Self.draws(SeededRandom(seed: 7, stream: "network")),
            Self.draws(SeededRandom(seed: 7, stream: "kubelet", index: 1)),
            Self.draws(SeededRandom(seed: 7, stream: "kubelet", index: 2)),
        ]
        for i in sequences.indices {
            for j in sequences.indices where j > i {
                #expect(sequences[i] != sequences[j], "streams \(i) and \(j) coincide")
            }
        }
    }

    // Recorded once from this implementation; a change here shifts every golden timeline.
    @Test("seed 42 keeps its first values forever")
    func goldenSeed42() {
        #expect(Self.draws(SeededRandom(seed: 42), count: 4) == [
            1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009, 17_057_574_109_182_124_193,
        ])
        var random = SeededRandom(seed: 42, stream: "kubelet", index: 0)
        #expect((0..<4).map { _ in random.uniform(below: 1_000) } == [433, 378, 634, 842])
    }

    @Test("uniform(below:) stays below its bound", arguments: [UInt64(1), 2, 3, 7, 1_000, 1 << 40, UInt64.max])
    func uniformInRange(bound: UInt64) {
        var random = SeededRandom(seed: bound)
        for _ in 0..<10_000 {
            #expect(random.uniform(below: bound) < bound)
        }
    }

    @Test("uniform(below:) reaches every value of a small range")
    func uniformCoversRange() {
        var random = SeededRandom(seed: 1)
        var seen = Set<UInt64>()
        for _ in 0..<1_000 { seen.insert(random.uniform(below: 6)) }
        #expect(seen == Set(0..<6))
    }

    @Test("chance(ppm:) never fires at 0 and always fires at 1 000 000")
    func chanceEdges() {
        var random = SeededRandom(seed: 3)
        var outcomes: [Bool] = []
        for _ in 0..<10_000 {
            outcomes.append(random.chance(ppm: 0) || random.chance(ppm: -1))
            outcomes.append(!random.chance(ppm: 1_000_000) || !random.chance(ppm: 2_000_000))
        }
        #expect(!outcomes.contains(true))
    }

    @Test("chance(ppm:) at 50% fires about half the time")
    func chanceHalf() {
        var random = SeededRandom(seed: 5)
        let hits = (0..<100_000).filter { _ in random.chance(ppm: 500_000) }.count
        #expect((48_000...52_000).contains(hits))
    }

    @Test("duration(upTo:) stays within zero and the maximum")
    func durationInRange() {
        var random = SeededRandom(seed: 9)
        #expect(random.duration(upTo: .zero) == .zero)
        for _ in 0..<1_000 {
            let value = random.duration(upTo: .seconds(10))
            #expect(value >= .zero && value <= .seconds(10))
        }
    }
}
