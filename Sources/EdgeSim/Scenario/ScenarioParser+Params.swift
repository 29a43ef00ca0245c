extension ScenarioParser {
    /// `param NAME VALUE`: a value `$NAME` stands for in any word of any other statement (a
    /// number, a duration, a percentage, a count, a name), so that `--set NAME=...` and
    /// `sweep --grid NAME=v1,v2` vary it like a setting.
    mutating func param(_ line: inout Line) throws(ScenarioError) {
        let head = try next(&line, "param")
        let path = "params[\(scenario.params.count)]"
        note(path, head, line)
        let nameWord = try next(&line, "a param name")
        guard Self.isParamName(nameWord.text) else {
            throw fail(line, "expected a param name of letters, digits, - and _ starting with a letter, got \(quoted(nameWord.text))", at: nameWord)
        }
        guard !scenario.params.contains(where: { $0.key == nameWord.text }) else {
            throw fail(line, "duplicate param \(quoted(nameWord.text))", at: nameWord)
        }
        let value = try next(&line, "the param's value")
        guard !value.text.contains("$") else { throw fail(line, "a param's value cannot use another param, got \(quoted(value.text))", at: value) }
        try finish(line)
        note(path + ".value", value, line)
        scenario.params.append(Setting(key: nameWord.text, value: value.text))
        paramValues[nameWord.text] = value.text
    }

    /// `--set NAME=...` for a declared param replaces its value.
    mutating func applyParamOverrides() throws(ScenarioError) {
        for override in paramOverrides {
            guard paramValues[override.key] != nil else {
                throw ScenarioError(file: "--set", location: "", message: "unknown param \(quoted(override.key))"
                                    + NearMiss.hint(for: override.key, among: scenario.params.map(\.key)))
            }
            guard !override.value.isEmpty, !override.value.contains("$"), !override.value.contains(where: \.isWhitespace) else {
                throw ScenarioError(file: "--set", location: "", message: "expected one word for param \(quoted(override.key)), got \(quoted(override.value))")
            }
            paramValues[override.key] = override.value
        }
    }

    /// Every `$NAME` in the line's words replaced by its value.
    func substituteParams(_ line: inout Line) throws(ScenarioError) {
        guard line.raw.contains("$") else { return }
        var words = line.words
        for (index, word) in words.enumerated() where word.text.contains("$") {
            var out = "", rest = Substring(word.text)
            while let dollar = rest.firstIndex(of: "$") {
                out += rest[..<dollar]
                let after = rest[rest.index(after: dollar)...]
                let name = String(after.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
                guard let value = paramValues[name] else {
                    throw fail(line, name.isEmpty ? "expected a param name after $ in \(quoted(word.text))"
                               : "unknown param \(quoted(name)); declare it with \"param \(name) VALUE\""
                               + NearMiss.hint(for: name, among: scenario.params.map(\.key)), at: word)
                }
                out += value
                rest = after.dropFirst(name.count)
            }
            words[index] = Word(text: out + rest, column: word.column)
        }
        line = Line(number: line.number, words: words, raw: line.raw, index: line.index)
    }

    static func isParamName(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter, text.count <= 63 else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
