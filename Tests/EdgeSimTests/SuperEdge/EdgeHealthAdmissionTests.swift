@testable import EdgeSim
import Testing

/// The outcome table of shared/reference/superedge-edge-health.md §7 (seed 001's table), row by row.
struct EdgeHealthAdmissionTests {
    static func node(ready: ConditionStatus, annotated: Bool) -> NodeObject {
        var node = NodeObject(id: NodeID(0), name: "n", host: HostID(1), labels: [:], zoneKey: "", ready: ready,
                              creation: .zero, excludedFromDisruption: false)
        if annotated { node.annotations[EdgeHealthSettings.annotation] = "yes" }
        return node
    }

    @Test("Ready=True: the webhook has nothing to strip, whatever the peers say", arguments: [false, true])
    func readyNodeUntouched(annotated: Bool) {
        let admission = EdgeHealthAdmission()
        #expect(!admission.stripsUnreachableNoExecute(Self.node(ready: .true, annotated: annotated)))
        #expect(!admission.keepsAddressReady(on: Self.node(ready: .true, annotated: annotated)))
    }

    @Test("Ready=Unknown without nodeunhealth: NoExecute stripped, endpoints kept ready")
    func unknownButHealthyToPeers() {
        let admission = EdgeHealthAdmission()
        #expect(admission.stripsUnreachableNoExecute(Self.node(ready: .unknown, annotated: false)))
        #expect(admission.keepsAddressReady(on: Self.node(ready: .unknown, annotated: false)))
    }

    @Test("Ready=Unknown with nodeunhealth=yes: native taint and endpoints")
    func unknownAndDeadToPeers() {
        let admission = EdgeHealthAdmission()
        #expect(!admission.stripsUnreachableNoExecute(Self.node(ready: .unknown, annotated: true)))
        #expect(!admission.keepsAddressReady(on: Self.node(ready: .unknown, annotated: true)))
    }

    @Test("Ready=False is never touched", arguments: [false, true])
    func notReadyIsNative(annotated: Bool) {
        let admission = EdgeHealthAdmission()
        #expect(!admission.stripsUnreachableNoExecute(Self.node(ready: .false, annotated: annotated)))
        #expect(!admission.keepsAddressReady(on: Self.node(ready: .false, annotated: annotated)))
    }

    @Test("--always-reachable strips the taint of annotated nodes but not their endpoints")
    func alwaysReachable() {
        let admission = EdgeHealthAdmission(alwaysReachable: true)
        #expect(admission.stripsUnreachableNoExecute(Self.node(ready: .unknown, annotated: true)))
        #expect(!admission.keepsAddressReady(on: Self.node(ready: .unknown, annotated: true)))
    }

    @Test("a webhook that does not answer changes nothing (failurePolicy Ignore)")
    func unavailableWebhook() {
        let admission = EdgeHealthAdmission(available: false)
        #expect(!admission.stripsUnreachableNoExecute(Self.node(ready: .unknown, annotated: false)))
        #expect(!admission.keepsAddressReady(on: Self.node(ready: .unknown, annotated: false)))
    }
}
