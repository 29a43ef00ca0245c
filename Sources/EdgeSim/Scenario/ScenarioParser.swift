/// Parses the line-based scenario language (see `Scenarios/README.md`) into a `Scenario`.
/// One statement per line, `#` starts a comment, every duration has a unit. The first error
/// stops the parse and names `file:line:col`, what was expected and, for a misspelt keyword,
/// the nearest one.
public struct ScenarioParser {
    public static let statements = [
        "name", "description", "seed", "duration", "mode", "set", "zone", "site", "node", "uplink", "access", "link",
        "deployment", "statefulset", "daemonset", "static-pod", "at", "random", "variant", "expect", "pool", "coordinator",
        "param", "group", "each",
    ]
    /// Sizes refused before anything is allocated for them.
    public static let maxNodes = 100_000
    public static let maxLineBytes = 4_096
    public static let maxLines = 200_000
    /// Node names that ranges and lists expand to, over the whole file: a 66 KB file of
    /// `restart-edge n-1..n-100000` lines would otherwise ask for gigabytes.
    public static let maxExpandedNames = 1_000_000

    let file: String
    var scenario: Scenario
    private var describedLines = 0
    var expandedNames = 0
    /// `param` values given from outside, and the values in force (declared or overridden).
    var paramOverrides: [Setting] = []
    var paramValues: [String: String] = [:]
    /// `group` names and the comma list each stands for.
    var groupValues: [String: String] = [:]
    private(set) var sourceMap: SourceMap

    /// `params` override the values the file's `param` statements declare.
    public static func parse(_ text: String, file: String, params: [Setting] = []) throws(ScenarioError) -> (Scenario, SourceMap) {
        var parser = ScenarioParser(file: file)
        parser.paramOverrides = params
        try parser.parseAll(text)
        // Kept so that a run may set a param (`--set NAME=...`, `--grid`) and parse again.
        parser.sourceMap.text = text
        return (parser.scenario, parser.sourceMap)
    }

    init(file: String) {
        self.file = file
        let base = file.split(separator: "/").last.map(String.init) ?? file
        scenario = Scenario(name: base.hasSuffix(".scenario") ? String(base.dropLast(9)) : base)
        sourceMap = SourceMap(file: file, origin: .text)
    }

    // MARK: - Lines and words

    struct Word {
        let text: String
        let column: Int
    }

    /// The words of one line, with the rest of the line kept for `description`.
    struct Line {
        let number: Int
        let words: [Word]
        let raw: String
        var index = 0

        var atEnd: Bool { index >= words.count }
        var current: Word? { atEnd ? nil : words[index] }
        /// Column just past the last word, for "expected X" at the end of a line.
        var endColumn: Int { words.last.map { $0.column + $0.text.count } ?? 1 }
    }

    mutating func parseAll(_ text: String) throws(ScenarioError) {
        var number = 0
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would leave a Windows file
        // one long line.
        let rawLines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        var lines: [Line] = []
        // The empty piece after a final newline is not a line.
        let lineCount = rawLines.last?.isEmpty == true ? rawLines.count : rawLines.count + 1
        for rawLine in rawLines {
            number += 1
            if number > Self.maxLines && !(rawLine.isEmpty && number == lineCount) {
                throw ScenarioError(file: file, location: "\(number):1", message: "too many lines: at most \(Self.maxLines)")
            }
            if rawLine.utf8.count > Self.maxLineBytes {
                throw ScenarioError(file: file, location: "\(number):1", message: "line too long: at most \(Self.maxLineBytes) bytes")
            }
            var content = Substring(rawLine)
            if content.hasSuffix("\r") { content = content.dropLast() }
            if let hash = content.firstIndex(of: "#") { content = content[..<hash] }
            var words: [Word] = []
            var column = 1
            var start: Int?
            var current = ""
            for ch in content {
                if ch == " " || ch == "\t" {
                    if let s = start { words.append(Word(text: current, column: s)); start = nil; current = "" }
                } else {
                    if start == nil { start = column }
                    current.append(ch)
                }
                column += 1
            }
            if let s = start { words.append(Word(text: current, column: s)) }
            guard !words.isEmpty else { continue }
            lines.append(Line(number: number, words: words, raw: String(content)))
        }
        // Params first, wherever they stand, so a `$NAME` may come before its `param`; then
        // groups, so an `@NAME` may too.
        for var line in lines where line.words[0].text == "param" { try param(&line) }
        try applyParamOverrides()
        for var line in lines where line.words[0].text == "group" {
            try substituteParams(&line)
            try group(&line)
        }
        // `each` lines last: they expand over the sites the whole file declares.
        var eachLines: [Line] = []
        for var line in lines where line.words[0].text != "param" && line.words[0].text != "group" {
            try substituteParams(&line)
            try substituteGroups(&line)
            if line.words[0].text == "each" { eachLines.append(line); continue }
            try statement(&line)
        }
        for var line in eachLines { try each(&line) }
    }

    func fail(_ line: Line, _ message: String, at word: Word? = nil) -> ScenarioError {
        let column = (word ?? line.current)?.column ?? line.endColumn
        return ScenarioError(file: file, location: "\(line.number):\(column)", message: message)
    }

    func next(_ line: inout Line, _ expected: String) throws(ScenarioError) -> Word {
        guard let word = line.current else { throw fail(line, "expected \(expected) at the end of the line") }
        line.index += 1
        return word
    }

    func keyword(_ line: inout Line, _ choices: [String]) throws(ScenarioError) -> Word {
        let expected = choices.count == 1 ? "\(quoted(choices[0]))" : "one of " + choices.map { "\(quoted($0))" }.joined(separator: ", ")
        let word = try next(&line, expected)
        guard choices.contains(word.text) else {
            throw fail(line, "expected \(expected), got \(quoted(word.text))" + NearMiss.hint(for: word.text, among: choices), at: word)
        }
        return word
    }

    func finish(_ line: Line) throws(ScenarioError) {
        if let extra = line.current { throw fail(line, "unexpected \(quoted(extra.text)) at the end of the statement") }
    }

    /// `limit` is the value's own upper bound, for the message when it is over it; nil for a
    /// time within the run, bounded by the longest scenario.
    func duration(_ line: inout Line, _ what: String, limit: SimTime? = nil) throws(ScenarioError) -> Duration {
        let word = try next(&line, what)
        guard let time = SimTime.parse(word.text) else {
            throw fail(line, "expected \(what) such as 40s, 5m, 1h30m or 250ms, got \(quoted(word.text))" + Self.tooLarge(word.text, limit: limit), at: word)
        }
        return Duration(time)
    }

    /// A duration, noted at `path` for the compiler's judgement of it.
    mutating func duration(_ line: inout Line, _ what: String, path: String, limit: SimTime? = nil) throws(ScenarioError) -> Duration {
        if let word = line.current { note(path, word, line) }
        return try duration(&line, what, limit: limit)
    }

    /// Why a well-formed duration was refused: `1000000000h` is spelt right but too long.
    static func tooLarge(_ text: String, limit: SimTime? = nil) -> String {
        let units = Set("hmsu")
        guard let first = text.first, first.isASCII, first.isNumber, let last = text.last, units.contains(last),
              text.allSatisfy({ ($0.isASCII && $0.isNumber) || units.contains($0) }) else { return "" }
        return limit.map { " (too large: at most \($0))" } ?? " (too large: scenarios last at most \(ScenarioCompiler.maxDuration))"
    }

    /// A whole number, noted at `path`. Which numbers make sense (`range`, named in the message)
    /// is the compiler's judgement, as it is for JSON.
    mutating func integer(_ line: inout Line, _ what: String, range: ClosedRange<Int>, path: String) throws(ScenarioError) -> Int {
        let word = try next(&line, what)
        guard let value = Int(word.text) else {
            throw fail(line, "expected \(what), a whole number from \(range.lowerBound) to \(range.upperBound), got \(quoted(word.text))", at: word)
        }
        note(path, word, line)
        return value
    }

    /// A percentage as parts per million, noted at `path`. Above 100% reads fine here; the
    /// compiler refuses it where it makes no sense, as it does for JSON.
    mutating func percent(_ line: inout Line, _ what: String, path: String) throws(ScenarioError) -> Int {
        let word = try next(&line, what)
        guard word.text.hasSuffix("%"), let ppm = DecimalText.scaled(String(word.text.dropLast()), scale: 4) else {
            throw fail(line, "expected \(what) as a percentage from 0% to 100% such as 1% or 0.5%, got \(quoted(word.text))", at: word)
        }
        note(path, word, line)
        return Int(ppm)
    }

    func name(_ line: inout Line, _ what: String) throws(ScenarioError) -> Word {
        let word = try next(&line, what)
        guard Self.isName(word.text) else {
            throw fail(line, "expected \(what): letters, digits, '-', '_', '.' or '/', got \(quoted(word.text))", at: word)
        }
        return word
    }

    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 253 && text.unicodeScalars.allSatisfy {
            ($0.value < 128 && ($0.properties.isAlphabetic || ("0"..."9").contains(Character($0)))) || "-_./".unicodeScalars.contains($0)
        }
    }

    func label(_ line: inout Line) throws(ScenarioError) -> Label {
        let word = try next(&line, "a label key=value")
        let parts = word.text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, Self.isName(String(parts[0])), parts[1].isEmpty || Self.isName(String(parts[1])) else {
            throw fail(line, "expected a label key=value, got \(quoted(word.text))", at: word)
        }
        return Label(key: String(parts[0]), value: String(parts[1]))
    }

    /// `key[=value]:Effect`, as `kubectl taint` writes a taint.
    func taintSpec(_ line: inout Line) throws(ScenarioError) -> TaintSpec {
        let word = try next(&line, "a taint key[=value]:Effect")
        let expected = "expected a taint key[=value]:Effect (Effect: "
            + TaintEffect.allCases.map(\.rawValue).joined(separator: ", ") + "), got \(quoted(word.text))"
        guard let colon = word.text.lastIndex(of: ":"),
              let effect = TaintEffect(rawValue: String(word.text[word.text.index(after: colon)...])) else {
            throw fail(line, expected, at: word)
        }
        let parts = word.text[..<colon].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard Self.isName(String(parts[0])), parts.count == 1 || parts[1].isEmpty || Self.isName(String(parts[1])) else {
            throw fail(line, expected, at: word)
        }
        return TaintSpec(key: String(parts[0]), value: parts.count == 2 ? String(parts[1]) : nil, effect: effect)
    }

    mutating func note(_ path: String, _ word: Word, _ line: Line) {
        sourceMap.note(path, line: line.number, column: word.column)
    }

    // MARK: - Statements

    mutating func statement(_ line: inout Line) throws(ScenarioError) {
        let head = try keyword(&line, Self.statements)
        switch head.text {
        case "name", "description", "seed", "duration", "mode", "set": try header(&line, head)
        case "zone": try zone(&line, head)
        case "site": try sites(&line, head)
        case "node": try nodes(&line, head)
        case "uplink", "access", "link": try link(&line, head)
        case "deployment", "statefulset", "daemonset", "static-pod": try workload(&line, head)
        case "at": try fault(&line, head)
        case "random": try process(&line, head)
        case "param", "group": preconditionFailure("params and groups are read before every other statement")
        case "each": preconditionFailure("each lines are expanded after every other statement")
        case "variant": try variant(&line, head)
        case "expect": try expectation(&line, head)
        case "pool": try pool(&line, head)
        case "coordinator": try coordinator(&line, head)
        default: preconditionFailure("keyword() returned a word outside the statement list")
        }
        try finish(line)
    }

    /// `name`, `description`, `seed`, `duration`, `mode`, `set`: one value each.
    mutating func header(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        switch head.text {
        case "name":
            note("name", head, line)
            scenario.name = try name(&line, "a scenario name").text
        case "description":
            let rest = line.raw.drop(while: { $0 == " " || $0 == "\t" }).dropFirst("description".count).trimmingSpaces()
            scenario.description += (describedLines == 0 ? "" : "\n") + rest
            describedLines += 1
            line.index = line.words.count
        case "seed":
            note("seed", head, line)
            let word = try next(&line, "a seed")
            guard let seed = UInt64(word.text) else { throw fail(line, "expected a seed, a whole number from 0 to \(UInt64.max), got \(quoted(word.text))", at: word) }
            scenario.seed = seed
        case "duration":
            // The compiler judges the value (0s, 800h): point there.
            note("duration", line.current ?? head, line)
            scenario.duration = try duration(&line, "a duration")
        case "mode":
            note("mode", line.current ?? head, line)
            scenario.mode = Mode(rawValue: try keyword(&line, Mode.allCases.map(\.rawValue)).text)!
        default:
            let path = "settings[\(scenario.settings.count)]"
            note(path, head, line)
            scenario.settings.append(try setting(&line, path: path))
        }
    }

    /// `zone NAME[,NAME...] [region NAME]`.
    mutating func zone(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        let namesWord = try next(&line, "a zone name or a list a,b")
        let names = try expandNames(namesWord, line, what: "zone")
        var region: String?
        if !line.atEnd {
            _ = try keyword(&line, ["region"])
            region = try name(&line, "a region name").text
        }
        for zoneName in names {
            note("zones[\(scenario.zones.count)]", head, line)
            scenario.zones.append(ZoneDecl(name: zoneName, region: region))
        }
    }

    /// `LINK [latency D] [jitter D] [loss P]`: a link's profile.
    mutating func link(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        line.index -= 1
        let path = "links[\(scenario.links.count)]"
        note(path, head, line)
        var decl = LinkDecl(link: try linkRef(&line))
        while !line.atEnd {
            let key = try keyword(&line, ["latency", "jitter", "loss"])
            switch key.text {
            case "latency": decl.latency = try duration(&line, "a latency", path: path + ".latency", limit: ScenarioCompiler.maxDelay)
            case "jitter": decl.jitter = try duration(&line, "a jitter", path: path + ".jitter", limit: ScenarioCompiler.maxDelay)
            default: decl.lossPPM = try percent(&line, "a loss", path: path + ".lossPPM")
            }
        }
        scenario.links.append(decl)
    }

    /// `variant NAME [mode M] set KEY VALUE ...`.
    mutating func variant(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        let path = "variants[\(scenario.variants.count)]"
        note(path, head, line)
        var variant = Variant(name: try name(&line, "a variant name").text, settings: [])
        repeat {
            let key = try keyword(&line, ["mode", "set"])
            if key.text == "mode" {
                note(path + ".mode", key, line)
                variant.mode = Mode(rawValue: try keyword(&line, Mode.allCases.map(\.rawValue)).text)
                continue
            }
            let settingPath = path + ".settings[\(variant.settings.count)]"
            note(settingPath, key, line)
            variant.settings.append(try setting(&line, path: settingPath))
        } while !line.atEnd
        scenario.variants.append(variant)
    }

    /// `pool NAME sites A,B [coordinator-on HOST]`.
    mutating func pool(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        let path = "pools[\(scenario.pools.count)]"
        note(path, head, line)
        let poolName = try name(&line, "a pool name").text
        let sitesKey = try keyword(&line, ["sites"])
        note(path + ".sites", sitesKey, line)
        let sitesWord = try next(&line, "site names a,b")
        let sites = sitesWord.text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard sites.allSatisfy(Self.isName) else { throw fail(line, "expected site names separated by commas, got \(quoted(sitesWord.text))", at: sitesWord) }
        var pool = PoolDecl(name: poolName, sites: sites)
        if !line.atEnd {
            let key = try keyword(&line, ["coordinator-on"])
            let host = try name(&line, "a node or coordinator name")
            note(path + ".coordinatorOn", key, line)
            pool.coordinatorOn = host.text
        }
        scenario.pools.append(pool)
    }

    /// `coordinator NAME site S`.
    mutating func coordinator(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        let path = "coordinators[\(scenario.coordinators.count)]"
        note(path, head, line)
        let hostName = try name(&line, "a coordinator host name").text
        let siteKey = try keyword(&line, ["site"])
        note(path + ".site", siteKey, line)
        scenario.coordinators.append(CoordinatorDecl(name: hostName, site: try name(&line, "a site name").text))
    }

    mutating func setting(_ line: inout Line, path: String) throws(ScenarioError) -> Setting {
        let key = try next(&line, "a setting name")
        note(path + ".key", key, line)
        let value = try next(&line, "a value for \(key.text)")
        note(path + ".value", value, line)
        return Setting(key: key.text, value: value.text)
    }

    /// `node gz-1 site S`, `node gz-1..gz-3 site S`, `node gz-1..3 site S`, `node a,b,c site S`.
    mutating func nodes(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        let namesWord = try next(&line, "a node name, a list a,b,c or a range gz-1..gz-3")
        let names = try expandNames(namesWord, line)
        _ = try keyword(&line, ["site"])
        let site = try name(&line, "a site name")
        var zone: Word?
        var labels: [Label] = []
        while !line.atEnd {
            let key = try keyword(&line, ["zone", "label"])
            if key.text == "zone" { zone = try name(&line, "a zone name") } else { labels.append(try label(&line)) }
        }
        guard scenario.nodes.count + names.count <= Self.maxNodes else {
            throw fail(line, "too many nodes: at most \(Self.maxNodes) in one scenario", at: namesWord)
        }
        for nodeName in names {
            let path = "nodes[\(scenario.nodes.count)]"
            note(path, namesWord, line)
            note(path + ".site", site, line)
            if let zone { note(path + ".zone", zone, line) }
            scenario.nodes.append(NodeDecl(name: nodeName, site: site.text, zone: zone?.text, labels: labels))
        }
    }

    /// `what` names the things listed in messages: "node" or "site".
    mutating func expandNames(_ word: Word, _ line: Line, what: String = "node") throws(ScenarioError) -> [String] {
        if word.text.contains(",") {
            let names = word.text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for name in names where !Self.isName(name) { throw fail(line, "expected \(what) names separated by commas, got \(quoted(word.text))", at: word) }
            try countExpanded(names.count, word, line)
            return names
        }
        guard let range = word.text.range(of: "..") else {
            guard Self.isName(word.text) else { throw fail(line, "expected a \(what) name, got \(quoted(word.text))", at: word) }
            return [word.text]
        }
        guard let bounds = Self.rangeBounds(word.text, dots: range) else {
            throw fail(line, "expected a \(what) range such as gz-1..gz-3 or edge-1..100, got \(quoted(word.text))", at: word)
        }
        guard bounds.first <= bounds.last else {
            throw fail(line, "expected a \(what) range that counts up, got \(quoted(word.text)) (\(bounds.first) > \(bounds.last))", at: word)
        }
        guard bounds.last - bounds.first < Self.maxNodes else {
            throw fail(line, "too many \(what)s: at most \(Self.maxNodes) in one scenario", at: word)
        }
        try countExpanded(bounds.last - bounds.first + 1, word, line)
        return bounds.names
    }

    /// `gz-1..gz-3` or `gz-1..3` read as a prefix and two numbers; nil if the two sides do not
    /// share a prefix or end in no number. The range's parser and the target sets of faults
    /// (`ScenarioCompiler.rangeNames`) both read ranges here.
    struct RangeBounds {
        var prefix: String
        var first: Int
        var last: Int
        /// m01..m03 keeps its zero padding: the width of the first number is the minimum width.
        var width: Int
        var names: [String] { (first...last).map { prefix + String(pad(Int64($0), width)) } }
    }

    static func rangeBounds(_ text: String, dots: Range<String.Index>) -> RangeBounds? {
        let left = String(text[..<dots.lowerBound]), right = String(text[dots.upperBound...])
        let (prefix, first) = splitTrailingNumber(left)
        var (rightPrefix, last) = splitTrailingNumber(right)
        if rightPrefix.isEmpty { rightPrefix = prefix }
        guard let first, let last, rightPrefix == prefix, isName(prefix + "0") else { return nil }
        return RangeBounds(prefix: prefix, first: first, last: last, width: left.count - prefix.count)
    }

    mutating func countExpanded(_ count: Int, _ word: Word, _ line: Line) throws(ScenarioError) {
        expandedNames += count
        guard expandedNames <= Self.maxExpandedNames else {
            throw fail(line, "too many node names: the ranges and lists of this file name \(expandedNames) nodes so far, "
                + "at most \(Self.maxExpandedNames) in all", at: word)
        }
    }

    static func splitTrailingNumber(_ text: String) -> (String, Int?) {
        let digits = text.reversed().prefix(while: { $0.isASCII && $0.isNumber })
        // Up to 18 digits fit an Int; the node limit refuses a huge range before anything is made.
        guard !digits.isEmpty, digits.count <= 18 else { return (text, nil) }
        return (String(text.dropLast(digits.count)), Int(String(digits.reversed())))
    }

    /// `uplink SITE`, `access NODE`, `link SITE <-> SITE`.
    mutating func linkRef(_ line: inout Line) throws(ScenarioError) -> LinkRef {
        let kind = try keyword(&line, ["uplink", "access", "link"])
        switch kind.text {
        case "uplink": return .uplink(site: try name(&line, "a site name").text)
        case "access": return .access(node: try name(&line, "a node name").text)
        default:
            let a = try name(&line, "a site name").text
            _ = try keyword(&line, ["<->"])
            return .between(a, try name(&line, "a site name").text)
        }
    }

    /// `KIND NAME [replicas N] [on PLACEMENT] [service S] [tolerate T]...`; what each kind
    /// needs is the compiler's rule.
    mutating func workload(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        let path = "workloads[\(scenario.workloads.count)]"
        note(path, head, line)
        var decl = WorkloadDecl(kind: WorkloadKind(rawValue: head.text)!, name: try name(&line, "a \(head.text) name").text)
        while !line.atEnd {
            let key = try keyword(&line, ["replicas", "on", "service", "tolerate"])
            switch key.text {
            case "replicas":
                decl.replicas = try integer(&line, "a replica count", range: 0...ScenarioCompiler.maxReplicas, path: path + ".replicas")
            case "service":
                note(path + ".service", key, line)
                decl.service = try name(&line, "a service name").text
            case "tolerate":
                note(path + ".tolerations[\(decl.tolerations.count)]", key, line)
                decl.tolerations.append(try toleration(&line))
            default:
                note(path + ".placement", key, line)
                decl.placement = try placement(&line)
            }
        }
        scenario.workloads.append(decl)
    }

    mutating func placement(_ line: inout Line) throws(ScenarioError) -> Placement {
        let kind = try keyword(&line, ["zone", "site", "nodes", "label"])
        switch kind.text {
        case "zone": return .zone(try name(&line, "a zone name").text)
        case "site": return .site(try name(&line, "a site name").text)
        case "nodes": return .nodes(try expandNames(try next(&line, "node names a,b,c"), line))
        default: return .label(try label(&line))
        }
    }

    /// `tolerate all`, `tolerate KEY:EFFECT`, `tolerate KEY:EFFECT 600s`, `tolerate KEY` (every effect).
    func toleration(_ line: inout Line) throws(ScenarioError) -> TolerationDecl {
        let word = try next(&line, "a toleration KEY:EFFECT or \"all\"")
        if word.text == "all" { return TolerationDecl(key: nil, effect: nil, seconds: nil) }
        var decl = TolerationDecl(key: word.text, effect: nil, seconds: nil)
        if let colon = word.text.lastIndex(of: ":") {
            let effectText = String(word.text[word.text.index(after: colon)...])
            guard let effect = TaintEffect(rawValue: effectText) else {
                throw fail(line, "expected a taint effect NoSchedule, PreferNoSchedule or NoExecute, got \(quoted(effectText))"
                           + NearMiss.hint(for: effectText, among: TaintEffect.allCases.map(\.rawValue)), at: word)
            }
            decl.key = String(word.text[..<colon])
            decl.effect = effect
        }
        guard let key = decl.key, Self.isName(key) else { throw fail(line, "expected a taint key, got \(quoted(word.text))", at: word) }
        if let seconds = line.current, seconds.text.first?.isNumber == true {
            let value = try duration(&line, "a toleration period", limit: .seconds(ScenarioCompiler.maxTolerationSeconds))
            guard value.time.microseconds % 1_000_000 == 0 else {
                throw fail(line, "expected whole seconds for tolerationSeconds, got \(quoted(seconds.text))", at: seconds)
            }
            decl.seconds = value.time.wholeSeconds
        }
        return decl
    }

    /// `at TIME VERB ...` or `at TIME..TIME VERB ...`: whether the verb takes a range, and
    /// whether the times fit the run, is the compiler's judgement.
    mutating func fault(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        let path = "faults[\(scenario.faults.count)]"
        note(path, head, line)
        let timeWord = try next(&line, "a time such as 5m or a range 5m..20m")
        note(path + ".at", timeWord, line)
        var at: Duration, until: Duration?
        if let range = timeWord.text.range(of: "..") {
            let a = String(timeWord.text[..<range.lowerBound]), b = String(timeWord.text[range.upperBound...])
            guard let start = SimTime.parse(a), let end = SimTime.parse(b) else {
                throw fail(line, "expected a time range such as 5m..20m, got \(quoted(timeWord.text))" + Self.tooLarge(SimTime.parse(a) == nil ? a : b), at: timeWord)
            }
            at = Duration(start); until = Duration(end)
        } else {
            guard let start = SimTime.parse(timeWord.text) else {
                throw fail(line, "expected a time such as 5m or a range 5m..20m, got \(quoted(timeWord.text))" + Self.tooLarge(timeWord.text), at: timeWord)
            }
            at = Duration(start)
        }
        let verbWord = try keyword(&line, FaultVerb.words)
        note(path + ".action", verbWord, line)
        let verb = FaultVerb(rawValue: verbWord.text)!
        // A target set (`cut uplink store-*`, `power-off site=store-7`) makes one fault per member.
        let action: FaultAction
        if Self.hasTargetSlot(verb) {
            action = try targetedAction(verb, Array(line.words[line.index...]), line, path: path + ".action")
            line.index = line.words.count
        } else {
            action = try faultAction(verb, &line, path: path + ".action")
        }
        scenario.faults.append(FaultDecl(at: at, until: until, action: action))
    }

    /// The words after the verb, by verb.
    mutating func faultAction(_ verb: FaultVerb, _ line: inout Line, path: String) throws(ScenarioError) -> FaultAction {
        switch verb {
        case .cut: return .cut(link: try linkRef(&line))
        case .heal: return .heal(link: try linkRef(&line))
        case .drop, .undrop:
            let (source, target, port) = try dropRule(&line, path: path)
            return verb == .drop ? .drop(source: source, target: target, port: port) : .undrop(source: source, target: target, port: port)
        case .loss:
            let link = try linkRef(&line)
            return .loss(link: link, ppm: try percent(&line, "a loss", path: path + ".ppm"))
        case .latency:
            let link = try linkRef(&line)
            let latency = try duration(&line, "a latency", path: path + ".latency", limit: ScenarioCompiler.maxDelay)
            var jitter = Duration(.zero)
            if !line.atEnd {
                _ = try keyword(&line, ["jitter"])
                jitter = try duration(&line, "a jitter", path: path + ".jitter", limit: ScenarioCompiler.maxDelay)
            }
            return .latency(link: link, latency: latency, jitter: jitter)
        case .flap: return try flap(&line, path: path)
        case .partition:
            let a = try name(&line, "a site, a node or cloud")
            note(path + ".a", a, line)
            _ = try keyword(&line, ["|"])
            let b = try name(&line, "a site, a node or cloud")
            note(path + ".b", b, line)
            return .partition(a: a.text, b: b.text)
        case .label:
            let node = try name(&line, "a node name")
            note(path + ".node", node, line)
            let label = try label(&line)
            return .label(node: node.text, key: label.key, value: label.value)
        case .unlabel:
            let node = try name(&line, "a node name")
            note(path + ".node", node, line)
            let key = try name(&line, "a label key")
            return .label(node: node.text, key: key.text, value: nil)
        case .powerOff, .powerOn, .cordon, .uncordon, .drain, .kubeletStop, .kubeletStart, .notReady, .ready,
             .networkUnavailable, .networkAvailable, .addNode, .deleteNode:
            let node = try name(&line, "a node name")
            note(path + ".node", node, line)
            return FaultAction.onNode(verb, node.text)!
        case .restartEdge:
            let nodesWord = try next(&line, "node names a,b or a range edge-1..edge-50")
            note(path + ".nodes", nodesWord, line)
            return .restartEdge(nodes: try expandNames(nodesWord, line))
        case .apiServerDown: return .apiServerDown
        case .apiServerUp: return .apiServerUp
        case .taint, .untaint:
            let node = try name(&line, "a node name")
            note(path + ".node", node, line)
            let taint = try taintSpec(&line)
            return verb == .taint ? .taint(node: node.text, taint: taint) : .untaint(node: node.text, taint: taint)
        }
    }

    /// `HOST -> HOST [port P]`.
    mutating func dropRule(_ line: inout Line, path: String) throws(ScenarioError) -> (String, String, Int?) {
        let source = try name(&line, "a host name")
        note(path + ".source", source, line)
        _ = try keyword(&line, ["->"])
        let target = try name(&line, "a host name")
        note(path + ".target", target, line)
        guard !line.atEnd else { return (source.text, target.text, nil) }
        _ = try keyword(&line, ["port"])
        return (source.text, target.text, try integer(&line, "a port", range: 1...65535, path: path + ".port"))
    }

    /// `LINK period DURATION duty PERCENT`.
    mutating func flap(_ line: inout Line, path: String) throws(ScenarioError) -> FaultAction {
        let link = try linkRef(&line)
        _ = try keyword(&line, ["period"])
        let period = try duration(&line, "a flap period", path: path + ".period")
        _ = try keyword(&line, ["duty"])
        let dutyWord = line.current
        let up = try percent(&line, "a duty cycle (the share of each period the link is up)", path: path + ".upPercent")
        // The AST holds whole percent; whether it is 1% to 99% is the compiler's rule.
        guard up % 10_000 == 0 else {
            throw fail(line, "expected a duty cycle of whole percent from 1% to 99%, got \(quoted(dutyWord?.text ?? ""))", at: dutyWord)
        }
        return .flap(link: link, period: period, upPercent: up / 10_000)
    }

    mutating func expectation(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        let path = "expectations[\(scenario.expectations.count)]"
        note(path, head, line)
        var variant: String?
        var timingWord = try keyword(&line, ["by", "at", "variant"] + TimelineEvent.names)
        if timingWord.text == "variant" {
            let word = try name(&line, "a variant name")
            note(path + ".variant", word, line)
            variant = word.text
            timingWord = try keyword(&line, ["by", "at"] + TimelineEvent.names)
        }
        guard timingWord.text == "by" || timingWord.text == "at" else {
            return try interval(&line, event: timingWord, variant: variant, path: path)
        }
        let time = try duration(&line, "a time")
        note(path + ".time", timingWord, line)
        let metric = try keyword(&line, Expectation.metrics)
        note(path + ".metric", metric, line)
        var scope = try next(&line, "a scope: all, node:NAME, zone:NAME, service:NAME or workload:NAME")
        // `taints node.openyurt.io/unschedulable:NoSchedule node:x == 1`: a detail next to the
        // scope, on either side (the scope is the word that reads as one).
        var detail: String?
        if let following = line.current, !Expectation.operators.contains(following.text) {
            var detailWord = try next(&line, "a scope")
            if Self.readsAsScope(detailWord.text) && !Self.readsAsScope(scope.text) { swap(&scope, &detailWord) }
            note(path + ".detail", detailWord, line)
            detail = detailWord.text
        }
        note(path + ".scope", scope, line)
        let op = try keyword(&line, Expectation.operators)
        let value = try next(&line, "a value")
        note(path + ".value", value, line)
        scenario.expectations.append(Expectation(variant: variant, timing: Expectation.Timing(rawValue: timingWord.text)!,
                                                 time: time, metric: metric.text, scope: scope.text, op: op.text, value: value.text,
                                                 detail: detail))
    }

    /// `all`, or `node:`, `zone:`, `service:`, `workload:` and a name.
    static func readsAsScope(_ word: String) -> Bool {
        word == "all" || ["node", "zone", "service", "workload"].contains(String(word.split(separator: ":", maxSplits: 1).first ?? ""))
            && word.contains(":")
    }

    /// `EVENT SCOPE [DETAIL] (within MAX | between MIN and MAX) after EVENT SCOPE [DETAIL]`, the
    /// first event already read.
    mutating func interval(_ line: inout Line, event: Word, variant: String?, path: String) throws(ScenarioError) {
        note(path + ".metric", event, line)
        let scope = try next(&line, "a scope: all, node:NAME, zone:NAME, service:NAME or workload:NAME")
        note(path + ".scope", scope, line)
        var detail: String?
        if let word = line.current, word.text != "within" && word.text != "between" {
            note(path + ".detail", word, line)
            detail = try next(&line, "a detail").text
        }
        let bound = try keyword(&line, ["within", "between"])
        note(path + ".time", bound, line)
        var minimum = "0s"
        if bound.text == "between" {
            minimum = try duration(&line, "the shortest delay").description
            _ = try keyword(&line, ["and"])
        }
        let maximum = try duration(&line, "the longest delay")
        _ = try keyword(&line, ["after"])
        let anchorEvent = try keyword(&line, TimelineEvent.names)
        note(path + ".anchor", anchorEvent, line)
        let anchorScope = try next(&line, "a scope: all, node:NAME, zone:NAME, service:NAME or workload:NAME")
        note(path + ".anchor.scope", anchorScope, line)
        let anchorDetail = line.current == nil ? nil : try next(&line, "a detail").text
        scenario.expectations.append(Expectation(
            variant: variant, timing: .after, time: maximum, metric: event.text, scope: scope.text, op: bound.text, value: minimum,
            detail: detail, anchor: .init(event: anchorEvent.text, scope: anchorScope.text, detail: anchorDetail)))
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
