@testable import EdgeSim
import Foundation
import Testing

@Suite("DropRule")
struct DropRuleTests {
    let a = HostID(1), b = HostID(2)

    @Test("a rule with a port matches packets from its source to its target on that port only")
    func ruleWithPort() {
        let rule = DropRule(source: a, target: b, port: Port.apiServer)
        #expect(rule.matches(source: a, target: b, port: Port.apiServer))
        #expect(!rule.matches(source: a, target: b, port: Port.edgeHealth))
        #expect(!rule.matches(source: a, target: b, port: nil), "a packet not known to be for 6443 is not matched")
        #expect(!rule.matches(source: b, target: a, port: Port.apiServer), "a rule has a direction")
        #expect(!rule.matches(source: a, target: .cloud, port: Port.apiServer))
    }

    @Test("a rule without a port matches every port, in its own direction only")
    func ruleWithoutPort() {
        let rule = DropRule(source: a, target: b, port: nil)
        for port in [nil, Port.apiServer, Port.edgeHealth, Port.kubelet, Port.coordinator] {
            #expect(rule.matches(source: a, target: b, port: port))
            #expect(!rule.matches(source: b, target: a, port: port))
        }
    }

    @Test("rules are equal when host, host and port are, so undrop finds the rule drop added")
    func equality() {
        #expect(DropRule(source: a, target: b, port: 443) == DropRule(source: a, target: b, port: 443))
        #expect(DropRule(source: a, target: b, port: 443) != DropRule(source: a, target: b, port: nil))
        #expect(DropRule(source: a, target: b, port: nil) != DropRule(source: b, target: a, port: nil))
    }

    @Test("a rule encodes its hosts as plain numbers and decodes to itself")
    func codableRoundTrip() throws {
        let rule = DropRule(source: a, target: .cloud, port: Port.apiServer)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(rule)
        #expect(String(decoding: data, as: UTF8.self) == #"{"port":6443,"source":1,"target":0}"#)
        #expect(try JSONDecoder().decode(DropRule.self, from: data) == rule)
    }
}
