/// Fleets: many similar sites in a few lines. `site store-001..300 zone a,b via isp-1,isp-2`
/// declares a range of sites and deals out their zones and parents; `group NAME SET...` names a
/// target set (`@NAME`); `each site SET STATEMENT` writes a statement once per site with
/// `{site}`, `{zone}`, `{via}` and `{n}` filled in. All of it expands here, before the AST:
/// the compiler, the JSON form and the printer see only ordinary statements.
extension ScenarioParser {
    /// The statements an `each` line may repeat: what belongs to a site. Not the header, zones,
    /// sites (a fleet's sites are a `site` range), variants, params, groups or expectations.
    static let eachStatements = [
        "node", "uplink", "access", "link", "deployment", "statefulset", "daemonset", "static-pod", "at", "random",
        "coordinator", "pool",
    ]

    /// `site NAMES [zone Z[,Z...]] [via S[,S...]] [spread round-robin|blocks]`: one site or a
    /// range or list; a list of zones or parents is dealt out over the sites, one by one
    /// (round-robin, the default) or in equal blocks.
    mutating func sites(_ line: inout Line, _ head: Word) throws(ScenarioError) {
        let namesWord = try next(&line, "a site name, a list a,b or a range store-001..300")
        let names = try expandNames(namesWord, line, what: "site")
        var zones: (Word, [String])?, vias: (Word, [String])?
        var blocks = false
        while !line.atEnd {
            let key = try keyword(&line, ["zone", "via", "spread"])
            switch key.text {
            case "zone": zones = (key, try nameList(&line, "a zone name or a list a,b"))
            case "via": vias = (key, try nameList(&line, "a site name or a list a,b"))
            default: blocks = try keyword(&line, ["round-robin", "blocks"]).text == "blocks"
            }
        }
        for (key, list) in [zones, vias].compactMap({ $0 }) where list.count > names.count {
            throw fail(line, "\(list.count) \(key.text == "zone" ? "zones" : "parents") for \(names.count) site\(names.count == 1 ? "" : "s"): "
                       + "a list is dealt out over a range of sites, one each at least", at: key)
        }
        for (i, siteName) in names.enumerated() {
            let path = "sites[\(scenario.sites.count)]"
            note(path, head, line)
            var site = SiteDecl(name: siteName)
            if let (key, list) = zones {
                note(path + ".zone", key, line)
                site.zone = list[Self.deal(i, of: names.count, over: list.count, blocks: blocks)]
            }
            if let (key, list) = vias {
                note(path + ".via", key, line)
                site.via = list[Self.deal(i, of: names.count, over: list.count, blocks: blocks)]
            }
            scenario.sites.append(site)
        }
    }

    /// Which of `k` values the `i`th of `n` sites gets.
    static func deal(_ i: Int, of n: Int, over k: Int, blocks: Bool) -> Int {
        blocks ? i * k / n : i % k
    }

    private mutating func nameList(_ line: inout Line, _ what: String) throws(ScenarioError) -> [String] {
        let word = try next(&line, what)
        let names = word.text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard names.allSatisfy(Self.isName) else { throw fail(line, "expected \(what), got \(quoted(word.text))", at: word) }
        return names
    }

    // MARK: - Groups

    /// `group NAME SET [SET...]`: `@NAME` stands for the union of the sets, a comma list (as a
    /// target set, or the set of an `each` line).
    mutating func group(_ line: inout Line) throws(ScenarioError) {
        _ = try next(&line, "group")
        let nameWord = try next(&line, "a group name")
        guard Self.isParamName(nameWord.text) else {
            throw fail(line, "expected a group name of letters, digits, - and _ starting with a letter, got \(quoted(nameWord.text))", at: nameWord)
        }
        guard groupValues[nameWord.text] == nil else { throw fail(line, "duplicate group \(quoted(nameWord.text))", at: nameWord) }
        var sets: [String] = []
        repeat {
            let set = try next(&line, "a target set: a name, a list a,b, a range s-1..s-9, a glob store-* or a label zone=south")
            guard !set.text.contains("@") else { throw fail(line, "a group cannot use another group, got \(quoted(set.text))", at: set) }
            guard Self.isTargetSet(set.text) else {
                throw fail(line, "expected a target set: a name, a list a,b, a range s-1..s-9, a glob store-* or a label zone=south, "
                           + "got \(quoted(set.text))", at: set)
            }
            sets.append(set.text)
        } while !line.atEnd
        groupValues[nameWord.text] = sets.joined(separator: ",")
    }

    /// Every `@NAME` in the line's words replaced by its group's sets.
    func substituteGroups(_ line: inout Line) throws(ScenarioError) {
        guard line.raw.contains("@") else { return }
        var words = line.words
        for (index, word) in words.enumerated() where word.text.contains("@") {
            var out = "", rest = Substring(word.text)
            while let at = rest.firstIndex(of: "@") {
                out += rest[..<at]
                let after = rest[rest.index(after: at)...]
                let name = String(after.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
                guard let value = groupValues[name] else {
                    throw fail(line, name.isEmpty ? "expected a group name after @ in \(quoted(word.text))"
                               : "unknown group \(quoted(name)); declare it with \"group \(name) SET\""
                               + NearMiss.hint(for: name, among: groupValues.keys.sorted()), at: word)
                }
                out += value
                rest = after.dropFirst(name.count)
            }
            words[index] = Word(text: out + rest, column: word.column)
        }
        line = Line(number: line.number, words: words, raw: line.raw, index: line.index)
    }

    // MARK: - each

    /// `each site SET STATEMENT`: the statement once per site of the set, in the set's order,
    /// with `{site}`, `{zone}`, `{via}` (the site's) and `{n}` (1, 2, ... along the set) filled
    /// in; `each zone SET STATEMENT` likewise per zone, with `{zone}`, `{region}` and `{n}`.
    mutating func each(_ line: inout Line) throws(ScenarioError) {
        _ = try next(&line, "each")
        let kind = try keyword(&line, ["site", "zone"])
        let members: [[String: String]]
        let setWord: Word
        if kind.text == "site" {
            setWord = try next(&line, "a site set: a name, a list a,b, a range store-001..300, a glob store-* or zone=Z, region=R, via=S")
            members = try siteSet(setWord, line).map { site in
                var values = ["site": site.name]
                values["zone"] = site.zone
                values["via"] = site.via
                return values
            }
        } else {
            setWord = try next(&line, "a zone set: a name, a list a,b, a glob * or region=R")
            members = try zoneSet(setWord, line).map { zone in
                var values = ["zone": zone.name]
                values["region"] = zone.region
                return values
            }
        }
        _ = try keyword(&line, Self.eachStatements)
        let template = Array(line.words[(line.index - 1)...])
        expandedNames += members.count
        guard expandedNames <= Self.maxExpandedNames else {
            throw fail(line, "too many names: the ranges, lists and each lines of this file name \(expandedNames) so far, "
                       + "at most \(Self.maxExpandedNames) in all", at: setWord)
        }
        for (i, member) in members.enumerated() {
            var values = member
            values["n"] = String(i + 1)
            var words: [Word] = []
            for word in template {
                words.append(Word(text: try fill(word, values, kind: kind.text, line), column: word.column))
            }
            var statementLine = Line(number: line.number, words: words, raw: line.raw)
            try statement(&statementLine)
        }
        line.index = line.words.count
    }

    /// The zones a set names: a comma list of names, globs and `region=R`.
    private func zoneSet(_ word: Word, _ line: Line) throws(ScenarioError) -> [ZoneDecl] {
        var chosen: [ZoneDecl] = []
        var seen = Set<String>()
        for part in word.text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            var matched: [ZoneDecl]
            if part.hasPrefix("region=") {
                matched = scenario.zones.filter { $0.region == String(part.dropFirst(7)) }
            } else if part.contains("*") || part.contains("?") {
                matched = scenario.zones.filter { ScenarioCompiler.glob(part, matches: $0.name) }
            } else {
                guard let zone = scenario.zones.first(where: { $0.name == part }) else {
                    throw fail(line, "unknown zone \(quoted(part)) in \(quoted(word.text))"
                               + NearMiss.hint(for: part, among: scenario.zones.map(\.name)), at: word)
                }
                matched = [zone]
            }
            for zone in matched where seen.insert(zone.name).inserted { chosen.append(zone) }
        }
        guard !chosen.isEmpty else { throw fail(line, "\(quoted(word.text)) matches no zone", at: word) }
        return chosen
    }

    /// The sites a set names, in declaration order for globs and labels: a comma list of names,
    /// ranges, globs and `zone=Z`, `region=R` or `via=S`; a name or range must be declared.
    private func siteSet(_ word: Word, _ line: Line) throws(ScenarioError) -> [SiteDecl] {
        let byName = Dictionary(scenario.sites.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var chosen: [SiteDecl] = []
        var seen = Set<String>()
        for part in word.text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            var matched: [SiteDecl]
            if let equals = part.firstIndex(of: "=") {
                let key = String(part[..<equals]), value = String(part[part.index(after: equals)...])
                switch key {
                case "zone": matched = scenario.sites.filter { $0.zone == value }
                case "via": matched = scenario.sites.filter { $0.via == value }
                case "region":
                    let zones = Set(scenario.zones.filter { $0.region == value }.map(\.name))
                    matched = scenario.sites.filter { $0.zone.map(zones.contains) ?? false }
                default:
                    throw fail(line, "expected zone=, region= or via= to choose sites, got \(quoted(part))"
                               + NearMiss.hint(for: key, among: ["zone", "region", "via"]), at: word)
                }
            } else if part.contains("*") || part.contains("?") {
                matched = scenario.sites.filter { ScenarioCompiler.glob(part, matches: $0.name) }
            } else {
                guard Self.isName(part) else { throw fail(line, "expected a site set, got \(quoted(word.text))", at: word) }
                let names = ScenarioCompiler.rangeNames(part) ?? [part]
                matched = []
                for name in names {
                    guard let site = byName[name] else {
                        throw fail(line, "unknown site \(quoted(name)) in \(quoted(word.text))"
                                   + NearMiss.hint(for: name, among: scenario.sites.map(\.name)), at: word)
                    }
                    matched.append(site)
                }
            }
            for site in matched where seen.insert(site.name).inserted { chosen.append(site) }
        }
        guard !chosen.isEmpty else { throw fail(line, "\(quoted(word.text)) matches no site", at: word) }
        return chosen
    }

    /// A word with its `{...}` templates filled in for one member.
    private func fill(_ word: Word, _ values: [String: String], kind: String, _ line: Line) throws(ScenarioError) -> String {
        guard word.text.contains("{") else { return word.text }
        let known = kind == "site" ? ["site", "zone", "via", "n"] : ["zone", "region", "n"]
        var out = "", rest = Substring(word.text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw fail(line, "expected a template such as {\(kind)} closed by }, got \(quoted(word.text))", at: word)
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard known.contains(name) else {
                throw fail(line, "unknown template {\(name)} in an each \(kind) line: expected "
                           + known.map { "{\($0)}" }.joined(separator: ", ") + NearMiss.hint(for: name, among: known), at: word)
            }
            guard let value = values[name] else {
                throw fail(line, "\(kind) \(quoted(values[kind] ?? "")) has no \(name) for {\(name)}", at: word)
            }
            out += value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
