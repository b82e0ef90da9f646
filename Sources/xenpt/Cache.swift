import ArgumentParser
import Diagnostics
import Foundation
import XenPT

/// `xenpt cache`: the cache of compiled host trees.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show or clear the cache of compiled host trees ($XDG_CACHE_HOME/xenpt, else ~/.cache/xenpt).",
        subcommands: [Clear.self, Path.self])

    /// The cache folder, or a bad-input exit when none can be named.
    static func folder() throws -> String {
        guard let folder = HostTreeCache.defaultFolder(environment: ProcessInfo.processInfo.environment) else {
            CommandSupport.printError("error: no cache folder: neither XDG_CACHE_HOME nor HOME is an absolute path\n")
            throw ExitCode(ExitStatus.badInput)
        }
        return folder
    }

    /// `xenpt cache clear`.
    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove every cached host tree.")

        func run() throws {
            let folder = try CacheCommand.folder()
            switch HostTreeCache.clear(folder: folder) {
            case .success(let removed):
                CommandSupport.printOut("removed \(removed) cached \(removed == 1 ? "tree" : "trees") from \(PrintableText.escaped(folder))\n")
            case .failure(let failure):
                CommandSupport.printError("error: cannot clear `\(PrintableText.escaped(failure.path))`: \(failure.reason)\n")
                throw ExitCode(ExitStatus.badInput)
            }
        }
    }

    /// `xenpt cache path`.
    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the cache folder.")

        func run() throws {
            CommandSupport.printOut(PrintableText.escaped(try CacheCommand.folder()) + "\n")
        }
    }
}
