import Diagnostics
import Foundation

/// What the parser hands to the checks: the merged live tree and the header facts.
struct DTSParseResult {
    /// The tree after every merge and deletion written in the source.
    var tree: LiveTree
    /// `/memreserve/` entries in order.
    var memoryReservations: [MemoryReservation]
    /// `/plugin/` was given.
    var isPlugin: Bool
    /// dtc's guess of the boot CPU (first `/cpus` child's 32-bit `reg`).
    var bootCPUID: UInt32
    /// Files read besides the main source (see `DTSLexer.dependencies`).
    var dependencies: [String] = []
}

/// A recursive-descent equivalent of dtc 1.6.1's bison grammar, building dtc's live tree.
final class DTSParser {
    /// Deepest node or expression nesting accepted.
    static let maximumDepth = 1024

    private let lexer: DTSLexer
    private var token: DTSToken
    private var diagnostics: [Diagnostic] = []
    private let tree = LiveTree(root: LiveNode(name: "", location: nil))
    private var isPlugin = false
    private var depth = 0
    private var fragmentCounter = 0
    private let includeDirectories: [String]
    /// The folders `/incbin/` may read from (nil: anywhere).
    private let readRoots: ReadRoots?

    /// Thrown to stop at the first syntax error, as bison does without error rules.
    private struct Abort: Error {}

    /// Record chunk boundaries so values keep their typed shape in the public tree.
    private let keepShapes: Bool

    init(lexer: DTSLexer, includeDirectories: [String], readRoots: ReadRoots? = nil, keepShapes: Bool) {
        self.readRoots = readRoots
        self.lexer = lexer
        self.includeDirectories = includeDirectories
        self.keepShapes = keepShapes
        tree.keepShapes = keepShapes
        token = lexer.next()
    }

    /// Parses the whole source; the diagnostics are every error found (lexical, syntax, semantic).
    func parse() -> Result<DTSParseResult, DiagnosticList> {
        var memoryReservations: [MemoryReservation] = []
        do {
            try parseHeaders()
            memoryReservations = try parseMemoryReservations()
            try parseDeviceTree()
        } catch {
            // The syntax error is already recorded.
        }
        let all = lexer.diagnostics + diagnostics
        if !all.isEmpty {
            return .failure(DiagnosticList(Self.ordered(all)))
        }
        let result = DTSParseResult(tree: tree, memoryReservations: memoryReservations, isPlugin: isPlugin, bootCPUID: guessBootCPUID(), dependencies: lexer.dependencies)
        return .success(result)
    }

    private static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.filter { seen.insert($0).inserted }
    }

    // MARK: token helpers

    private func advance() { token = lexer.next() }

    private func location(_ token: DTSToken) -> SourceLocation { lexer.location(token) }

    private func error(_ code: String, _ message: String, at location: SourceLocation, notes: [Note] = []) {
        diagnostics.append(Diagnostic(code: code, severity: .error, message: message, primary: Label(SourceRange(start: location)), notes: notes))
    }

    private func syntaxError(_ expected: String? = nil) -> Abort {
        let found = describe(token)
        var message = "syntax error: unexpected \(found)"
        if let expected { message += ", expected \(expected)" }
        error("XPT-DTS-SYNTAX", message, at: location(token))
        return Abort()
    }

    private func describe(_ token: DTSToken) -> String {
        switch token.kind {
        case .end: return "end of input"
        case .char(let c):
            if c >= 32 && c < 127 { return "'\(String(UnicodeScalar(c)))'" }
            return "byte 0x\(String(c, radix: 16))"
        case .propNodeName: return "name '\(lexer.string(token))'"
        case .label: return "label '\(lexer.string(token, dropLast: 1))'"
        case .literal: return "number \(lexer.string(token))"
        case .string: return "string"
        case .labelRef, .pathRef: return "reference \(lexer.string(token))"
        default: return "'\(lexer.string(token))'"
        }
    }

    @inline(__always) private func isChar(_ c: Unicode.Scalar) -> Bool {
        if case .char(let value) = token.kind { return UInt32(value) == c.value }
        return false
    }

    private func expectChar(_ c: Unicode.Scalar) throws {
        guard isChar(c) else { throw syntaxError("'\(c)'") }
        advance()
    }

    private func enter() throws {
        depth += 1
        if depth > Self.maximumDepth {
            error("XPT-DTS-NESTING", "nesting deeper than \(Self.maximumDepth) levels", at: location(token))
            throw Abort()
        }
    }

    private func leave() { depth -= 1 }

    // MARK: headers and memory reservations

    private func parseHeaders() throws {
        guard token.kind == .v1 else { throw syntaxError("'/dts-v1/;'") }
        var first: Bool?
        while token.kind == .v1 {
            let start = location(token)
            advance()
            try expectChar(";")
            var plugin = false
            if token.kind == .plugin {
                advance()
                try expectChar(";")
                plugin = true
            }
            if let first {
                if first != plugin { error("XPT-DTS-HEADER", "header flags don't match earlier ones", at: start) }
            } else {
                first = plugin
            }
        }
        isPlugin = first ?? false
    }

    private func parseMemoryReservations() throws -> [MemoryReservation] {
        var result: [MemoryReservation] = []
        while token.kind == .label || token.kind == .memreserve {
            var labels: [String] = []
            while token.kind == .label {
                labels.append(lexer.string(token, dropLast: 1))
                advance()
            }
            guard token.kind == .memreserve else { throw syntaxError("'/memreserve/'") }
            advance()
            let address = try parseIntegerPrimary()
            let size = try parseIntegerPrimary()
            try expectChar(";")
            var unique: [String] = []
            for label in labels.reversed() where !unique.contains(label) { unique.insert(label, at: 0) }
            result.append(MemoryReservation(address: address, size: size, labels: unique))
        }
        return result
    }

    // MARK: the tree

    private func reference(_ token: DTSToken) -> PropertyValue.Reference {
        if token.kind == .pathRef { return .path(lexer.string(token, dropFirst: 2, dropLast: 1)) }
        return .label(lexer.string(token, dropFirst: 1))
    }

    private func referenceText(_ reference: PropertyValue.Reference) -> String {
        switch reference {
        case .label(let label): label
        case .path(let path): path
        }
    }

    private func notFound(_ reference: PropertyValue.Reference, at location: SourceLocation) {
        switch reference {
        case .label(let label):
            error("XPT-DTS-UNKNOWN-LABEL", "label '\(label)' not found", at: location)
        case .path(let path):
            error("XPT-DTS-UNKNOWN-PATH", "path '\(path)' not found", at: location)
        }
    }

    private func parseDeviceTree() throws {
        if isChar("/") {
            let start = location(token)
            advance()
            let root = try parseNodeBody(name: "", location: start)
            tree.root = root
        } else if token.kind == .labelRef || token.kind == .pathRef {
            let refToken = token
            let ref = reference(refToken)
            advance()
            let bodyStart = location(token)
            let node = try parseNodeBody(name: "__overlay__", location: bodyStart)
            if !isPlugin {
                notFound(ref, at: location(refToken))
            }
            tree.root = tree.keepAlive(LiveNode(name: "", location: location(refToken)))
            addOrphan(node, reference: ref, at: refToken)
        } else {
            throw syntaxError("'/' or a reference")
        }
        while true {
            switch token.kind {
            case .end:
                return
            case .char(47): // '/'
                let start = location(token)
                advance()
                let node = try parseNodeBody(name: "", location: start)
                tree.merge(node, into: tree.root)
            case .label:
                let labelToken = token
                advance()
                guard token.kind == .labelRef || token.kind == .pathRef else { throw syntaxError("a reference") }
                let refToken = token
                let ref = reference(refToken)
                let target = tree.node(reference: ref)
                advance()
                let node = try parseNodeBody(name: "", location: location(refToken))
                if let target {
                    tree.addLabel(lexer.string(labelToken, dropLast: 1), location: location(labelToken), to: target)
                    tree.merge(node, into: target)
                } else {
                    notFound(ref, at: location(refToken))
                }
            case .pathRef, .labelRef:
                let refToken = token
                let ref = reference(refToken)
                let target = (isPlugin && refToken.kind == .pathRef) ? nil : tree.node(reference: ref)
                advance()
                let node = try parseNodeBody(name: "", location: location(refToken))
                if let target {
                    tree.merge(node, into: target)
                } else if isPlugin {
                    node.name = "__overlay__"
                    addOrphan(node, reference: ref, at: refToken)
                } else {
                    notFound(ref, at: location(refToken))
                }
            case .deleteNode, .omitIfNoRef:
                let isDelete = token.kind == .deleteNode
                advance()
                guard token.kind == .labelRef || token.kind == .pathRef else { throw syntaxError("a reference") }
                let refToken = token
                let ref = reference(refToken)
                advance()
                try expectChar(";")
                if let target = tree.node(reference: ref) {
                    if isDelete { tree.delete(target) } else { target.omitIfUnused = true }
                } else {
                    notFound(ref, at: location(refToken))
                }
            default:
                throw syntaxError()
            }
        }
    }

    /// dtc `add_orphan_node`: wraps an overlay body in `fragment@N { target…; __overlay__ {…} }`.
    private func addOrphan(_ node: LiveNode, reference: PropertyValue.Reference, at token: DTSToken) {
        let location = lexer.location(token)
        let place = lexer.place(token)
        node.name = "__overlay__"
        let property: LiveProperty
        switch reference {
        case .path(let path):
            property = LiveProperty(name: "target-path", value: .string(path, shaped: keepShapes), place: place)
        case .label:
            property = LiveProperty(
                name: "target",
                value: LiveValue(
                    bytes: [0xff, 0xff, 0xff, 0xff],
                    markers: (keepShapes ? [LiveMarker(offset: 0, kind: .cells(32))] : [])
                        + [LiveMarker(offset: 0, kind: .phandle(reference), location: location)]
                        + (keepShapes ? [LiveMarker(offset: 4, kind: .end)] : [])
                ),
                place: place
            )
        }
        let fragment = tree.keepAlive(LiveNode(name: "fragment@\(fragmentCounter)", properties: [property], children: [node], location: location))
        fragmentCounter += 1
        tree.root.addChild(fragment)
    }

    /// `'{' proplist subnodes '}' ';'` for a node of this name.
    private func parseNodeBody(name: String, location: SourceLocation) throws -> LiveNode {
        try expectChar("{")
        try enter()
        defer { leave() }
        var properties: [LiveProperty] = []
        // Most nodes hold a handful of properties: one allocation instead of four growths.
        properties.reserveCapacity(8)
        var children: [LiveNode] = []
        var inSubnodes = false
        while true {
            if isChar("}") {
                advance()
                try expectChar(";")
                break
            }
            var labels: [(String, SourceLocation)] = []
            while token.kind == .label {
                labels.append((lexer.string(token, dropLast: 1), lexer.location(token)))
                advance()
            }
            switch token.kind {
            case .deleteProperty:
                if inSubnodes { throw propertyAfterSubnode() }
                advance()
                guard token.kind == .propNodeName else { throw syntaxError("a property name") }
                let nameToken = token
                advance()
                try expectChar(";")
                var property = LiveProperty(name: propNodeName(nameToken), value: .empty, deleted: true, place: lexer.place(nameToken))
                attach(labels, to: &property)
                properties.append(property)
            case .propNodeName:
                let nameToken = token
                advance()
                if isChar("=") || isChar(";") {
                    if inSubnodes { throw propertyAfterSubnode(at: nameToken, labels: labels) }
                    var value = LiveValue.empty
                    if isChar("=") {
                        advance()
                        value = try parsePropertyValue()
                        share(&value.bytes)
                    }
                    try expectChar(";")
                    var property = LiveProperty(name: propNodeName(nameToken), value: value, place: lexer.place(nameToken))
                    attach(labels, to: &property)
                    properties.append(property)
                } else if isChar("{") {
                    let child = try parseNodeBody(name: propNodeName(nameToken), location: lexer.location(nameToken))
                    attach(labels, to: child)
                    children.append(child)
                    inSubnodes = true
                } else {
                    throw syntaxError("'=', ';' or '{'")
                }
            case .deleteNode, .omitIfNoRef:
                let child = try parseSubnode()
                attach(labels, to: child)
                children.append(child)
                inSubnodes = true
            default:
                throw syntaxError()
            }
        }
        return tree.keepAlive(LiveNode(name: name, properties: properties, children: children, location: location))
    }

    /// A subnode starting at `/delete-node/` or `/omit-if-no-ref/` (labels may follow the latter).
    private func parseSubnode() throws -> LiveNode {
        if token.kind == .deleteNode {
            let start = location(token)
            advance()
            guard token.kind == .propNodeName else { throw syntaxError("a node name") }
            let nameToken = token
            advance()
            try expectChar(";")
            let node = tree.keepAlive(LiveNode(name: propNodeName(nameToken), location: start))
            node.deleted = true
            return node
        }
        if token.kind == .omitIfNoRef {
            advance()
            let node = try parseSubnode()
            node.omitIfUnused = true
            return node
        }
        var labels: [(String, SourceLocation)] = []
        while token.kind == .label {
            labels.append((lexer.string(token, dropLast: 1), lexer.location(token)))
            advance()
        }
        if token.kind == .deleteNode || token.kind == .omitIfNoRef {
            let node = try parseSubnode()
            attach(labels, to: node)
            return node
        }
        guard token.kind == .propNodeName else { throw syntaxError("a node name") }
        let nameToken = token
        advance()
        guard isChar("{") else { throw syntaxError("'{'") }
        let node = try parseNodeBody(name: propNodeName(nameToken), location: lexer.location(nameToken))
        attach(labels, to: node)
        return node
    }

    private func propertyAfterSubnode(at nameToken: DTSToken? = nil, labels: [(String, SourceLocation)] = []) -> Abort {
        let where_ = labels.first?.1 ?? nameToken.map { lexer.location($0) } ?? location(token)
        error("XPT-DTS-PROPERTY-AFTER-NODE", "properties must precede subnodes", at: where_)
        return Abort()
    }

    private func propNodeName(_ token: DTSToken) -> String {
        let raw = lexer.text(token)
        let drop = raw.first == 92 ? 1 : 0
        return lexer.string(token, dropFirst: drop)
    }

    /// Applies `DT_LABEL subnode` reductions: the innermost (last written) label first.
    private func attach(_ labels: [(String, SourceLocation)], to node: LiveNode) {
        for (name, location) in labels.reversed() { tree.addLabel(name, location: location, to: node) }
    }

    private func attach(_ labels: [(String, SourceLocation)], to property: inout LiveProperty) {
        guard !labels.isEmpty else { return }
        var current = property.labels
        for (name, location) in labels.reversed() {
            if let index = current.firstIndex(where: { $0.name == name }) {
                current[index].deleted = false
            } else {
                current.append(LiveLabel(name: name, deleted: false, location: location))
            }
        }
        property.labels = current
    }

    // MARK: property values

    /// Identical small values share one array.
    private var valuePool = ByteValuePool()

    private func share(_ bytes: inout [UInt8]) {
        valuePool.share(&bytes)
    }

    private func parsePropertyValue() throws -> LiveValue {
        var value = LiveValue.empty
        while true {
            parseValueLabels(into: &value)
            switch token.kind {
            case .string:
                if keepShapes { value.markers.append(LiveMarker(offset: value.bytes.count, kind: .string)) }
                value.bytes.append(contentsOf: decodeString(token))
                advance()
            case .bits, .char(60): // '<'
                try parseArray(into: &value)
            case .char(91): // '['
                try parseByteString(into: &value)
            case .labelRef, .pathRef:
                value.markers.append(LiveMarker(offset: value.bytes.count, kind: .path(reference(token)), location: location(token)))
                advance()
            case .incbin:
                try parseIncbin(into: &value)
            default:
                throw syntaxError("a property value")
            }
            parseValueLabels(into: &value)
            guard isChar(",") else { return value }
            advance()
        }
    }

    private func parseValueLabels(into value: inout LiveValue) {
        while token.kind == .label {
            value.markers.append(LiveMarker(offset: value.bytes.count, kind: .label(lexer.string(token, dropLast: 1)), location: location(token)))
            advance()
        }
    }

    private func decodeString(_ token: DTSToken) -> [UInt8] {
        let (bytes, failed) = DTSLexer.unescape(lexer.text(token, dropFirst: 1, dropLast: 1))
        if failed { error("XPT-DTS-ESCAPE", "\\x used with no following hex digits", at: location(token)) }
        return bytes
    }

    private func parseArray(into value: inout LiveValue) throws {
        var bits = 32
        if token.kind == .bits {
            advance()
            guard token.kind == .literal else { throw syntaxError("a number of bits") }
            switch token.value {
            case 8, 16, 32, 64: bits = Int(token.value)
            default:
                error("XPT-DTS-BITS", "array elements must be 8, 16, 32 or 64 bits", at: location(token))
            }
            advance()
        }
        try expectChar("<")
        if keepShapes { value.markers.append(LiveMarker(offset: value.bytes.count, kind: .cells(bits))) }
        let width = bits / 8
        let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        while true {
            switch token.kind {
            case .literal, .charLiteral, .char(40):
                // The place is worked out only for the error (most cells are in range).
                let startToken = token
                let number = try parseIntegerPrimary()
                if bits < 64, number > mask, number | mask != .max {
                    error("XPT-DTS-RANGE", "value out of range for \(bits)-bit array element", at: location(startToken))
                }
                LiveValue.append(number, width: width, to: &value.bytes)
            case .labelRef, .pathRef:
                if bits == 32 {
                    value.markers.append(LiveMarker(offset: value.bytes.count, kind: .phandle(reference(token)), location: location(token)))
                } else {
                    error("XPT-DTS-BITS-REFERENCE", "references are only allowed in arrays with 32-bit elements", at: location(token))
                }
                LiveValue.append(mask, width: width, to: &value.bytes)
                advance()
            case .label:
                value.markers.append(LiveMarker(offset: value.bytes.count, kind: .label(lexer.string(token, dropLast: 1)), location: location(token)))
                advance()
            case .char(62): // '>'
                advance()
                if keepShapes { value.markers.append(LiveMarker(offset: value.bytes.count, kind: .end)) }
                return
            default:
                throw syntaxError("a number, a reference or '>'")
            }
        }
    }

    private func parseByteString(into value: inout LiveValue) throws {
        advance() // '['
        if keepShapes { value.markers.append(LiveMarker(offset: value.bytes.count, kind: .bytes)) }
        while true {
            switch token.kind {
            case .byte:
                value.bytes.append(UInt8(truncatingIfNeeded: token.value))
                advance()
            case .label:
                value.markers.append(LiveMarker(offset: value.bytes.count, kind: .label(lexer.string(token, dropLast: 1)), location: location(token)))
                advance()
            case .char(93):
                advance()
                if keepShapes { value.markers.append(LiveMarker(offset: value.bytes.count, kind: .end)) }
                return
            default:
                throw syntaxError("two hex digits or ']'")
            }
        }
    }

    private func parseIncbin(into value: inout LiveValue) throws {
        advance()
        try expectChar("(")
        guard token.kind == .string else { throw syntaxError("a file name") }
        let nameToken = token
        let nameBytes = decodeString(nameToken).dropLast()
        advance()
        var offset: UInt64 = 0
        var length: UInt64 = .max
        if isChar(",") {
            advance()
            offset = try parseIntegerPrimary()
            try expectChar(",")
            length = try parseIntegerPrimary()
        }
        try expectChar(")")
        let name = String(decoding: nameBytes, as: UTF8.self)
        let data: [UInt8]
        switch DTSLexer.openRelative(name, directory: lexer.directory(of: nameToken), searchPath: includeDirectories, readRoots: readRoots) {
        case .success(let found):
            data = found.bytes
            lexer.addDependency(found.path)
        case .failure(.outside(let path)):
            diagnostics.append(DTSLexer.outsideRoots("`/incbin/` file", name: name, path: path, at: SourceRange(start: location(nameToken))))
            return
        case .failure(.unreadable(let failure)):
            error("XPT-DTS-INCBIN", "cannot open \"\(name)\": \(failure)", at: location(nameToken))
            return
        }
        guard offset <= UInt64(Int64.max) else {
            error("XPT-DTS-INCBIN", "cannot seek to offset \(offset) in \"\(name)\"", at: location(nameToken))
            return
        }
        let start = Int(min(offset, UInt64(data.count)))
        let available = UInt64(data.count - start)
        let end = start + Int(min(length, available))
        if keepShapes { value.markers.append(LiveMarker(offset: value.bytes.count, kind: .bytes)) }
        value.bytes.append(contentsOf: data[start..<end])
        if keepShapes { value.markers.append(LiveMarker(offset: value.bytes.count, kind: .end)) }
    }

    // MARK: integer expressions

    /// `integer_prim`: a literal, a character literal or a parenthesised expression.
    func parseIntegerPrimary() throws -> UInt64 {
        switch token.kind {
        case .literal, .charLiteral:
            let value = token.value
            advance()
            return value
        case .char(40):
            advance()
            try enter()
            defer { leave() }
            let value = try parseTernary()
            try expectChar(")")
            return value
        default:
            throw syntaxError("a number or '('")
        }
    }

    private func parseTernary() throws -> UInt64 {
        let condition = try parseBinary(level: 0)
        guard isChar("?") else { return condition }
        advance()
        try enter()
        defer { leave() }
        let whenTrue = try parseTernary()
        try expectChar(":")
        let whenFalse = try parseTernary()
        return condition != 0 ? whenTrue : whenFalse
    }

    private enum Operator {
        case logicalOr, logicalAnd, bitOr, bitXor, bitAnd, equal, notEqual
        case less, greater, lessEqual, greaterEqual, shiftLeft, shiftRight, add, subtract
        case multiply, divide, modulo
    }

    /// The binary operator at the lookahead if it belongs to this precedence level.
    private func binaryOperator(level: Int) -> Operator? {
        switch (level, token.kind) {
        case (0, .logicalOr): .logicalOr
        case (1, .logicalAnd): .logicalAnd
        case (2, .char(124)): .bitOr
        case (3, .char(94)): .bitXor
        case (4, .char(38)): .bitAnd
        case (5, .equal): .equal
        case (5, .notEqual): .notEqual
        case (6, .char(60)): .less
        case (6, .char(62)): .greater
        case (6, .lessEqual): .lessEqual
        case (6, .greaterEqual): .greaterEqual
        case (7, .leftShift): .shiftLeft
        case (7, .rightShift): .shiftRight
        case (8, .char(43)): .add
        case (8, .char(45)): .subtract
        case (9, .char(42)): .multiply
        case (9, .char(47)): .divide
        case (9, .char(37)): .modulo
        default: nil
        }
    }

    /// Left-associative binary levels 0 (`||`) to 9 (`*`, `/`, `%`), then unary.
    private func parseBinary(level: Int) throws -> UInt64 {
        if level > 9 { return try parseUnary() }
        let start = location(token)
        var left = try parseBinary(level: level + 1)
        while let op = binaryOperator(level: level) {
            advance()
            let right = try parseBinary(level: level + 1)
            left = apply(op, left, right, start: start)
        }
        return left
    }

    private func apply(_ op: Operator, _ a: UInt64, _ b: UInt64, start: SourceLocation) -> UInt64 {
        switch op {
        case .logicalOr: return (a != 0 || b != 0) ? 1 : 0
        case .logicalAnd: return (a != 0 && b != 0) ? 1 : 0
        case .bitOr: return a | b
        case .bitXor: return a ^ b
        case .bitAnd: return a & b
        case .equal: return a == b ? 1 : 0
        case .notEqual: return a != b ? 1 : 0
        case .less: return a < b ? 1 : 0
        case .greater: return a > b ? 1 : 0
        case .lessEqual: return a <= b ? 1 : 0
        case .greaterEqual: return a >= b ? 1 : 0
        case .shiftLeft: return b < 64 ? a << b : 0
        case .shiftRight: return b < 64 ? a >> b : 0
        case .add: return a &+ b
        case .subtract: return a &- b
        case .multiply: return a &* b
        case .divide, .modulo:
            guard b != 0 else {
                error("XPT-DTS-DIVISION-BY-ZERO", "division by zero", at: start)
                return 0
            }
            return op == .divide ? a / b : a % b
        }
    }

    private func parseUnary() throws -> UInt64 {
        switch token.kind {
        case .char(45), .char(126), .char(33):
            let op = token.kind
            advance()
            try enter()
            defer { leave() }
            let operand = try parseUnary()
            switch op {
            case .char(45): return 0 &- operand
            case .char(126): return ~operand
            default: return operand == 0 ? 1 : 0
            }
        default:
            return try parseIntegerPrimary()
        }
    }

    // MARK: boot CPU

    /// dtc `guess_boot_cpuid`, evaluated on the tree as parsed (before any fixup).
    private func guessBootCPUID() -> UInt32 {
        guard let cpus = tree.node(path: Substring("/cpus").utf8, from: tree.root),
              let first = cpus.children.first,
              let reg = first.property(named: "reg", includingDeleted: false) else { return 0 }
        let bytes = reg.value.bytes
        guard bytes.count == 4 else { return 0 }
        return UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
    }
}
