extension ScenarioParser {
    /// The words that end an action or a distribution in a `random` statement.
    static let processClauses = ["for", "every", "once", "from", "until", "share", "count", "permanent"]
    /// The target slot holds this while the action is parsed, so that a set (`store-*`,
    /// `zone=south`) passes the name checks; the set is put back after.
    static let targetPlaceholder = "target.placeholder"

    /// `random NAME ACTION for DIST (every DIST | once) [from T] [until T] [share P% | count N] [permanent P%]`.
    mutating func process(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        let path = "processes[\(scenario.processes.count)]"
        note(path, head, line)
        let nameWord = try name(&line, "a name for the random process")
        note(path + ".name", nameWord, line)
        if scenario.processes.contains(where: { $0.name == nameWord.text }) {
            throw fail(line, "duplicate random process \(quoted(nameWord.text))", at: nameWord)
        }
        let action = try processAction(&line, path: path + ".action")
        var process = FaultProcessDecl(name: nameWord.text, action: action, outage: .fixed(Duration(.zero)))
        var sawOutage = false, sawTiming = false
        while !line.atEnd {
            let clause = try keyword(&line, Self.processClauses)
            switch clause.text {
            case "for":
                process.outage = try distribution(&line, "an outage length", path: path + ".for")
                sawOutage = true
            case "every":
                process.every = try distribution(&line, "the time between outages", path: path + ".every")
                sawTiming = true
            case "once":
                process.every = nil
                sawTiming = true
            case "from": process.from = try duration(&line, "the window's start", path: path + ".from")
            case "until": process.until = try duration(&line, "the window's end", path: path + ".until")
            case "share": process.sharePPM = try percent(&line, "the share of the targets each outage hits", path: path + ".share")
            case "count":
                let word = try next(&line, "how many targets each outage hits")
                guard let n = Int(word.text), (1...ScenarioParser.maxNodes).contains(n) else {
                    throw fail(line, "expected a count from 1 to \(ScenarioParser.maxNodes), got \(quoted(word.text))", at: word)
                }
                note(path + ".count", word, line)
                process.count = n
            default: process.permanentPPM = try percent(&line, "the share of outages that never end", path: path + ".permanent")
            }
        }
        guard sawOutage else { throw fail(line, "expected \"for\" and how long each outage lasts, e.g. for lognormal 30s p95 2m", at: head) }
        guard sawTiming else {
            throw fail(line, "expected \"every\" and the time between outages (e.g. every exponential 8h) or \"once\"", at: head)
        }
        if process.sharePPM != nil && process.count != nil { throw fail(line, "expected share or count, not both", at: head) }
        scenario.processes.append(process)
    }

    /// The fault words up to `for`, with the set in the target slot written as it is.
    private mutating func processAction(_ line: inout Line, path: String) throws(ScenarioError) -> FaultAction {
        let verbWord = try keyword(&line, FaultProcessDecl.verbs.map(\.word))
        note(path, verbWord, line)
        let verb = FaultVerb(rawValue: verbWord.text)!
        // The action's own words, so that its optional words (latency's jitter) end at `for`.
        var end = line.index
        while end < line.words.count && !Self.processClauses.contains(line.words[end].text) { end += 1 }
        let action = try targetedAction(verb, Array(line.words[line.index..<end]), line, path: path)
        line.index = end
        return action
    }

    /// A fault action from its words, with a target set in its first name slot (past a link's
    /// kind) where the verb has one: a set that is not a name (a glob, a list, a label) stands
    /// aside while the verb's own parser reads the words, and is put back after.
    mutating func targetedAction(_ verb: FaultVerb, _ actionWords: [Word], _ line: Line, path: String) throws(ScenarioError) -> FaultAction {
        var words = actionWords
        let slot = ["uplink", "access", "link"].contains(words.first?.text ?? "") ? 1 : 0
        let set = slot < words.count && !Self.isName(words[slot].text) ? words[slot] : nil
        if let set { words[slot] = Word(text: Self.targetPlaceholder, column: set.column) }
        var actionLine = Line(number: line.number, words: words, raw: line.raw)
        var action = try faultAction(verb, &actionLine, path: path)
        try finish(actionLine)
        if let set {
            guard action.target?.name == Self.targetPlaceholder else {
                throw fail(line, "\(quoted(verb.word)) takes no target set here: name one \(verb == .partition ? "side" : "target"), "
                           + "got \(quoted(set.text))", at: set)
            }
            guard Self.isTargetSet(set.text) else {
                throw fail(line, "expected a target set: a name, a list a,b, a range s-1..s-9, a glob store-* or a label zone=south, "
                           + "got \(quoted(set.text))", at: set)
            }
            action = action.withTarget(set.text)
        }
        if let target = action.target, let word = words.indices.contains(slot) ? words[slot] : nil {
            note(path + ".target", Word(text: target.name, column: word.column), line)
        }
        return action
    }

    /// Verbs whose action names one target a set can stand for (`FaultAction.target`).
    static func hasTargetSlot(_ verb: FaultVerb) -> Bool {
        switch verb {
        case .partition, .apiServerDown, .apiServerUp, .restartEdge: false
        case .cut, .heal, .drop, .undrop, .loss, .latency, .flap, .powerOff, .powerOn, .label, .unlabel, .taint, .untaint,
             .cordon, .uncordon, .drain, .kubeletStop, .kubeletStart, .notReady, .ready, .networkUnavailable,
             .networkAvailable, .addNode, .deleteNode: true
        }
    }

    /// A comma list of names, `..` ranges, globs and `key=value` labels (their union).
    static func isTargetSet(_ text: String) -> Bool {
        let plain = text.replacingOccurrences(of: "*", with: "x").replacingOccurrences(of: "?", with: "x")
        return plain.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { part in
            if let equals = part.firstIndex(of: "=") {
                return isName(String(part[..<equals])) && isName(String(part[part.index(after: equals)...]))
            }
            // Names may hold dots, so a range a-1..a-9 is a name here; the compiler reads it.
            return isName(String(part))
        }
    }

    /// A distribution's words, up to the next clause.
    private mutating func distribution(_ line: inout Line, _ what: String, path: String) throws(ScenarioError) -> Distribution {
        guard let first = line.current else { throw fail(line, "expected \(what): " + Distribution.usage) }
        var words: [String] = []
        while let word = line.current, !Self.processClauses.contains(word.text) {
            words.append(word.text)
            line.index += 1
        }
        note(path, first, line)
        switch Distribution.parse(words, limit: ScenarioCompiler.maxDuration) {
        case .success(let distribution): return distribution
        case .failure(let error): throw fail(line, error.message + " (\(what))", at: first)
        }
    }
}
