// Line coverage from LCOV tracefiles and Cobertura XML.

import Foundation

#if canImport(FoundationXML)
import FoundationXML
import HealerSystem
#endif

/// The share of lines a test run executed.
package struct LineCoverage: Sendable, Hashable, Codable {
    /// Lines executed, when the report says.
    package var coveredLines: Int?
    /// Lines instrumented, when the report says.
    package var totalLines: Int?
    /// Covered lines as a percentage, 0 to 100.
    package var percent: Double

    /// Creates a coverage figure.
    ///
    /// - Parameters:
    ///   - coveredLines: Lines executed.
    ///   - totalLines: Lines instrumented.
    ///   - percent: The percentage, 0 to 100.
    package init(coveredLines: Int?, totalLines: Int?, percent: Double) {
        self.coveredLines = coveredLines
        self.totalLines = totalLines
        self.percent = percent
    }

    /// Reads a coverage report file in the given format.
    ///
    /// - Parameter file: The report and its format.
    /// - Returns: The line coverage.
    /// - Throws: ``ExecutionError`` with code `reportUnreadable` or `malformedReport`.
    package static func read(_ file: CoverageFile) throws(ExecutionError) -> LineCoverage {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw ExecutionError(
                .reportUnreadable, "cannot read the coverage report \(file.path)",
                fix: "check that the test command writes coverage there")
        }
        switch file.format {
        case .lcov: return try parseLCOV(String(decoding: data, as: UTF8.self), name: file.path)
        case .cobertura: return try parseCobertura(data, name: file.path)
        }
    }

    /// Sums the `LF` (lines found) and `LH` (lines hit) records of an LCOV tracefile.
    ///
    /// - Parameters:
    ///   - text: The tracefile.
    ///   - name: What to call it in errors.
    /// - Returns: The line coverage; 100 % when no lines are instrumented.
    /// - Throws: ``ExecutionError`` with code `malformedReport` when there are no `LF`/`LH` records.
    package static func parseLCOV(_ text: String, name: String = "LCOV report") throws(ExecutionError) -> LineCoverage {
        var found = 0
        var hit = 0
        var records = 0
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("LF:"), let value = Int(line.dropFirst(3).trimmingCharacters(in: .whitespaces)) {
                found += value
                records += 1
            } else if line.hasPrefix("LH:"), let value = Int(line.dropFirst(3).trimmingCharacters(in: .whitespaces)) {
                hit += value
            }
        }
        guard records > 0 else {
            throw ExecutionError(
                .malformedReport, "\(name) has no LF/LH records, so it is not an LCOV tracefile",
                fix: "point the coverage setting at an lcov.info file")
        }
        return LineCoverage(coveredLines: hit, totalLines: found, percent: found == 0 ? 100 : Double(hit) * 100 / Double(found))
    }

    /// Reads the root `line-rate` (and `lines-covered`/`lines-valid` if present) of Cobertura XML.
    ///
    /// - Parameters:
    ///   - data: The XML.
    ///   - name: What to call it in errors.
    /// - Returns: The line coverage.
    /// - Throws: ``ExecutionError`` with code `malformedReport` when the XML is not well-formed or
    ///   its root is not a `coverage` element with a `line-rate`.
    package static func parseCobertura(_ data: Data, name: String = "Cobertura report") throws(ExecutionError) -> LineCoverage {
        let reader = RootReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        // The root is all we need; stop there instead of reading a large report to the end.
        _ = parser.parse()
        guard let root = reader.root else {
            let reason = parser.parserError.map { $0.localizedDescription } ?? "no root element"
            throw ExecutionError(
                .malformedReport, "\(name) is not well-formed XML (line \(parser.lineNumber): \(reason))",
                fix: "check that the test run finished writing it")
        }
        guard root.name == "coverage", let rate = root.attributes["line-rate"].flatMap(Double.init) else {
            throw ExecutionError(
                .malformedReport, "\(name) is not a Cobertura report: no <coverage line-rate=...> root",
                fix: "point the coverage setting at a Cobertura XML file (coverage.py: --cov-report=xml)")
        }
        return LineCoverage(
            coveredLines: root.attributes["lines-covered"].flatMap { Int($0) },
            totalLines: root.attributes["lines-valid"].flatMap { Int($0) }, percent: rate * 100)
    }
}

/// Captures the root element and aborts the parse.
private final class RootReader: NSObject, XMLParserDelegate {
    private(set) var root: (name: String, attributes: [String: String])?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        root = (elementName, attributes)
        parser.abortParsing()
    }
}
