/// `edgesim explain`'s output: text (an answer's title, then one line per step, an arrow
/// before each after the first) or one JSON object.
public enum ExplanationRenderer {
    public static func text(_ explanation: Explanation) -> String {
        var out = "# explain \(explanation.subject): scenario \(explanation.scenario)"
        if let variant = explanation.variant { out += " variant \(variant)" }
        out += " seed \(explanation.seed)\n"
        for answer in explanation.answers {
            out += "\n\(answer.kind == .whyNot ? "why not" : answer.kind == .chain ? "why" : "note"): \(answer.title)\n"
            for (index, step) in answer.steps.enumerated() {
                out += (index == 0 ? "     " : "  -> ") + step.text
                if let function = step.function { out += "  (\(function))" }
                out += "\n"
            }
            if answer.kind == .chain && !answer.complete { out += "  (the chain stops here: an earlier cause was not recorded)\n" }
        }
        return out
    }

    public static func json(_ explanation: Explanation) -> String {
        var answers: [String] = []
        for answer in explanation.answers {
            let steps = answer.steps.map { step in
                var object = JSONObject()
                object.add("time_ms", raw: String(step.time.milliseconds))
                object.add("text", raw: JSONObject.quote(step.text))
                object.add("function", raw: step.function.map(JSONObject.quote) ?? "null")
                object.add("rule", raw: JSONObject.quote(step.rule))
                // The event's line in `edgesim run --initial` (header first).
                object.add("line", raw: step.event.map { String($0 + 2) } ?? "null")
                return object.text
            }
            var object = JSONObject()
            object.add("kind", raw: JSONObject.quote(answer.kind.rawValue))
            object.add("title", raw: JSONObject.quote(answer.title))
            object.add("complete", raw: answer.complete ? "true" : "false")
            object.add("steps", raw: "[" + steps.joined(separator: ",") + "]")
            answers.append(object.text)
        }
        var object = JSONObject()
        object.add("scenario", raw: JSONObject.quote(explanation.scenario))
        object.add("variant", raw: explanation.variant.map(JSONObject.quote) ?? "null")
        object.add("seed", raw: String(explanation.seed))
        object.add("subject", raw: JSONObject.quote(explanation.subject))
        object.add("answers", raw: "[" + answers.joined(separator: ",") + "]")
        return object.text + "\n"
    }
}
