// The scripted model replies of a small Python project's run ("add a multiply function"),
// shared by the agent-loop and CI job tests.
import Foundation

let calc = "def add(a, b):\n    return a + b\n"
let calcTest = "import unittest\nfrom calc import add\n\n\nclass AddTests(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n"

func json(_ object: [String: Any]) -> String {
    String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
}

func edits(_ files: [String: String], summary: String = "edit") -> String {
    json(["summary": summary, "patch": "", "files": files.map { ["path": $0.key, "content": $0.value] }, "deletions": [String]()])
}

let plan = json(["steps": ["add multiply to calc.py"], "rationale": "asked for", "affected_paths": ["calc.py"]])
let oneTask = json(["tasks": [["id": "t1", "patch_goal": "add multiply(a, b) to calc.py", "dependencies": [String](), "context_blobs": [String]()]]])
let multiply = edits(["calc.py": calc + "\n\ndef multiply(a, b):\n    return a * b\n"], summary: "add multiply")
let broken = edits(["calc.py": calc + "\n\ndef multiply(a, b)\n    return a * b\n"], summary: "add multiply (broken)")
let testSpec = json(["cases": [["name": "test_multiply", "behaviour": "multiply(3, 4) is 12", "file": "test_multiply.py"]], "coverage_targets": ["calc.py"]])
let tests = edits(["test_multiply.py": "import unittest\nfrom calc import multiply\n\n\nclass MultiplyTests(unittest.TestCase):\n    def test_multiply(self):\n        self.assertEqual(multiply(3, 4), 12)\n"], summary: "test multiply")

