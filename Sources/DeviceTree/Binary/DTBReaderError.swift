/// Why a DTB was rejected, and the byte offset in the blob where the problem was found.
public struct DTBReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset from the start of the blob.
    public var offset: Int
    /// What is wrong.
    public var reason: Reason

    /// Creates an error.
    public init(offset: Int, _ reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    /// One lowercase line without a trailing period.
    public var message: String { reason.message }

    /// `offset 0x28: message`.
    public var description: String { "offset 0x\(String(offset, radix: 16)): \(message)" }

    /// A region of the blob named by the header.
    public enum Block: String, Sendable, Hashable {
        /// The fixed header at offset 0.
        case header
        /// The memory reservation block (`off_mem_rsvmap`).
        case memoryReservations = "memory reservation block"
        /// The structure block (`off_dt_struct`, `size_dt_struct`).
        case structure = "structure block"
        /// The strings block (`off_dt_strings`, `size_dt_strings`).
        case strings = "strings block"
    }

    /// The kinds of problem the reader detects.
    public enum Reason: Sendable, Hashable {
        /// The buffer cannot even hold the header fields that must be read.
        case truncatedHeader(bufferSize: Int, needed: Int)
        /// The first word is not `0xd00dfeed`.
        case badMagic(UInt32)
        /// A format version this reader (like libfdt) does not read.
        case unsupportedVersion(version: UInt32, lastCompatibleVersion: UInt32)
        /// `totalsize` is smaller than the header itself.
        case totalSizeTooSmall(totalSize: UInt32, headerSize: Int)
        /// `totalsize` claims more bytes than the buffer holds.
        case totalSizeExceedsBuffer(totalSize: UInt32, bufferSize: Int)
        /// A block starts inside the header.
        case blockInsideHeader(Block, start: UInt32, headerSize: Int)
        /// A block ends past `totalsize`.
        case blockOutOfBounds(Block, start: UInt32, size: UInt32, totalSize: UInt32)
        /// A block does not start on its required boundary.
        case misalignedBlock(Block, start: UInt32, alignment: Int)
        /// Two blocks share bytes.
        case blocksOverlap(Block, Block)
        /// The reservation entries run off the blob before an entry with size 0.
        case unterminatedReservations
        /// The structure block ends in the middle of a token or its operands.
        case truncatedStructure
        /// A word that is not a known structure token.
        case unknownToken(UInt32)
        /// The structure block does not open with the root node.
        case missingRootNode(found: UInt32)
        /// The root node has a name.
        case namedRootNode
        /// A node name runs off the structure block without a NUL.
        case unterminatedNodeName
        /// A node or property name is not valid UTF-8.
        case nameNotUTF8
        /// A property value runs past the end of the structure block.
        case propertyValueOverrun(length: UInt32)
        /// A property name offset points outside the strings block.
        case nameOffsetOutOfBounds(UInt32, stringsSize: UInt32)
        /// A property name runs off the strings block without a NUL.
        case unterminatedPropertyName(UInt32)
        /// Nodes nest deeper than `DTBReader.maximumDepth`.
        case nestingTooDeep(limit: Int)
        /// `FDT_END` while nodes are still open.
        case endInsideNode(openNodes: Int)
        /// A token other than `FDT_NOP` or `FDT_END` after the root node closed.
        case tokenAfterRoot(UInt32)
        /// The structure block ends without `FDT_END`.
        case missingEnd
        /// A node other than the root has an empty name (DTS cannot write one).
        case emptyNodeName(parent: String)
        /// A node name has a byte outside dtc's node name characters.
        case badNodeNameCharacter(UInt8, name: String, parent: String)
        /// A node name has more than one `@`.
        case multipleUnitAddresses(name: String, parent: String)
        /// Two sibling nodes share a name.
        case duplicateNodeName(String, parent: String)
        /// A property has an empty name (DTS cannot write one).
        case emptyPropertyName(node: String)
        /// A property name has a byte outside dtc's property name characters.
        case badPropertyNameCharacter(UInt8, name: String, node: String)
        /// Two properties of one node share a name.
        case duplicatePropertyName(String, node: String)
        /// A `phandle` or `linux,phandle` that is not one cell.
        case badPhandleLength(String, length: Int, node: String)
        /// A phandle of 0 or 0xffffffff.
        case badPhandleValue(String, value: UInt32, node: String)
        /// `phandle` and `linux,phandle` of one node differ.
        case mismatchedPhandles(node: String)
        /// Two nodes declare the same phandle.
        case duplicatePhandle(UInt32, node: String, first: String)
        /// A `name` property that is not one string.
        case nameNotString(node: String)
        /// A `name` property other than the node's base name.
        case nameDiffers(String, node: String)

        /// One lowercase line without a trailing period.
        public var message: String {
            switch self {
            case .truncatedHeader(let bufferSize, let needed):
                return "blob of \(bufferSize) bytes is too short for a header of \(needed) bytes"
            case .badMagic(let magic):
                return "bad magic \(hex32(magic)), expected 0xd00dfeed"
            case .unsupportedVersion(let version, let lastCompatible):
                return "unsupported version \(version) (last compatible version \(lastCompatible)); versions 16 and 17 are read"
            case .totalSizeTooSmall(let totalSize, let headerSize):
                return "total size \(totalSize) is smaller than the \(headerSize)-byte header"
            case .totalSizeExceedsBuffer(let totalSize, let bufferSize):
                return "total size \(totalSize) exceeds the \(bufferSize) bytes given"
            case .blockInsideHeader(let block, let start, let headerSize):
                return "\(block.rawValue) at \(hex32(start)) starts inside the \(headerSize)-byte header"
            case .blockOutOfBounds(let block, let start, let size, let totalSize):
                return "\(block.rawValue) at \(hex32(start)) of \(size) bytes ends past the total size \(totalSize)"
            case .misalignedBlock(let block, let start, let alignment):
                return "\(block.rawValue) at \(hex32(start)) is not \(alignment)-byte aligned"
            case .blocksOverlap(let first, let second):
                return "\(first.rawValue) overlaps the \(second.rawValue)"
            case .unterminatedReservations:
                return "memory reservation block has no terminating entry"
            case .truncatedStructure:
                return "structure block ends inside a token"
            case .unknownToken(let token):
                return "unknown structure token \(hex32(token))"
            case .missingRootNode(let found):
                return "structure block starts with \(hex32(found)) instead of the root node"
            case .namedRootNode:
                return "root node has a name"
            case .unterminatedNodeName:
                return "node name is not nul-terminated within the structure block"
            case .nameNotUTF8:
                return "name is not valid utf-8"
            case .propertyValueOverrun(let length):
                return "property value of \(length) bytes runs past the structure block"
            case .nameOffsetOutOfBounds(let offset, let stringsSize):
                return "property name offset \(offset) is outside the \(stringsSize)-byte strings block"
            case .unterminatedPropertyName(let offset):
                return "property name at strings offset \(offset) is not nul-terminated within the strings block"
            case .nestingTooDeep(let limit):
                return "nodes nest deeper than \(limit) levels"
            case .endInsideNode(let openNodes):
                return "end of structure with \(openNodes) node\(openNodes == 1 ? "" : "s") still open"
            case .tokenAfterRoot(let token):
                return "token \(hex32(token)) after the root node closed"
            case .missingEnd:
                return "structure block has no end token"
            case .emptyNodeName(let parent):
                return "node in \(parent) has an empty name"
            case .badNodeNameCharacter(let byte, let name, let parent):
                return "bad character '\(DTBReadError.escaped([byte]))' in node name '\(name)' in \(parent)"
            case .multipleUnitAddresses(let name, let parent):
                return "multiple '@' characters in node name '\(name)' in \(parent)"
            case .duplicateNodeName(let name, let parent):
                return "duplicate node name '\(name)' in \(parent)"
            case .emptyPropertyName(let node):
                return "property of \(node) has an empty name"
            case .badPropertyNameCharacter(let byte, let name, let node):
                return "bad character '\(DTBReadError.escaped([byte]))' in property name '\(name)' of \(node)"
            case .duplicatePropertyName(let name, let node):
                return "duplicate property name '\(name)' in \(node)"
            case .badPhandleLength(let property, let length, let node):
                return "\(property) of \(node) is \(length) bytes, expected 4"
            case .badPhandleValue(let property, let value, let node):
                return "\(property) of \(node) has the reserved value \(hex32(value))"
            case .mismatchedPhandles(let node):
                return "phandle and linux,phandle of \(node) differ"
            case .duplicatePhandle(let value, let node, let first):
                return "phandle \(hex32(value)) of \(node) is already the phandle of \(first)"
            case .nameNotString(let node):
                return "\"name\" property of \(node) is not a string"
            case .nameDiffers(let value, let node):
                return "\"name\" property of \(node) is '\(value)', not the base node name"
            }
        }
    }
}

extension DTBReadError {
    /// Name bytes for a message: printable ASCII as is, `\\` and `'` escaped, every other
    /// byte as `\\xNN`, so a name from a blob can never start a line or move the terminal.
    static func escaped(_ bytes: some Sequence<UInt8>) -> String {
        var out = ""
        for byte in bytes {
            switch byte {
            case 0x5c: out += "\\\\"
            case 0x27: out += "\\'"
            case 0x20...0x7e: out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let digits = String(byte, radix: 16)
                out += "\\x" + (digits.count == 1 ? "0" : "") + digits
            }
        }
        return out
    }
}

private func hex32(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
