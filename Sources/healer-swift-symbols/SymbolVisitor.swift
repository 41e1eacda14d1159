// The declarations of one Swift file, found by swift-syntax.
import SwiftParser
import SwiftSyntax

/// One declaration: its kind (a HealerRAG chunk kind's raw value), name, enclosing types and lines.
struct Declaration {
    var kind: String
    var name: String
    var container: String?
    var startLine: Int
    var endLine: Int
}

/// Finds functions, initializers, subscripts and types in Swift source.
///
/// Line ranges run from the declaration's first token (attributes and modifiers included, doc
/// comments excluded) to its last token. Members of functions are not reported.
final class SymbolVisitor: SyntaxVisitor {
    /// The declarations of `source`, in source order.
    static func declarations(in source: String) -> [Declaration] {
        let tree = Parser.parse(source: source)
        let visitor = SymbolVisitor(converter: SourceLocationConverter(fileName: "", tree: tree))
        visitor.walk(tree)
        return visitor.declarations
    }

    private let converter: SourceLocationConverter
    private var declarations: [Declaration] = []
    private var containers: [String] = []

    private init(converter: SourceLocationConverter) {
        self.converter = converter
        super.init(viewMode: .sourceAccurate)
    }

    private func add(_ node: some SyntaxProtocol, _ kind: String, _ name: String) {
        let start = converter.location(for: node.positionAfterSkippingLeadingTrivia).line
        let end = converter.location(for: node.endPositionBeforeTrailingTrivia).line
        declarations.append(Declaration(kind: kind, name: name, container: containers.last, startLine: start, endLine: end))
    }

    private func enter(_ node: some SyntaxProtocol, _ kind: String, _ name: String) -> SyntaxVisitorContinueKind {
        add(node, kind, name)
        containers.append(containers.last.map { $0 + "." + name } ?? name)
        return .visitChildren
    }

    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { enter(node, "struct", node.name.text) }
    override func visitPost(_ node: StructDeclSyntax) { containers.removeLast() }
    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { enter(node, "class", node.name.text) }
    override func visitPost(_ node: ClassDeclSyntax) { containers.removeLast() }
    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { enter(node, "enum", node.name.text) }
    override func visitPost(_ node: EnumDeclSyntax) { containers.removeLast() }
    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { enter(node, "actor", node.name.text) }
    override func visitPost(_ node: ActorDeclSyntax) { containers.removeLast() }
    override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { enter(node, "protocol", node.name.text) }
    override func visitPost(_ node: ProtocolDeclSyntax) { containers.removeLast() }
    override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind {
        enter(node, "extension", node.extendedType.trimmedDescription)
    }
    override func visitPost(_ node: ExtensionDeclSyntax) { containers.removeLast() }

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        add(node, containers.isEmpty ? "function" : "method", node.name.text)
        return .skipChildren
    }
    override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        add(node, "initializer", "init")
        return .skipChildren
    }
    override func visit(_ node: SubscriptDeclSyntax) -> SyntaxVisitorContinueKind {
        add(node, "subscript", "subscript")
        return .skipChildren
    }
}
