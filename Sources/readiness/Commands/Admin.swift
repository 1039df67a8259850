import ArgumentParser
import Foundation
import ReadinessServer
import SourceDiagnostics

/// `readiness admin`: first start and administration without the web.
struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Add accounts and API tokens to the web database.",
        subcommands: [AddUser.self, SetPassword.self, AddToken.self, CopyDatabase.self])
}

/// `readiness admin add-user`.
struct AddUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-user",
        abstract:
            "Add an account (and its organisation, when new); the password is read from standard input."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The account's email address (its sign-in name).")
    var email: String

    @Option(
        help:
            "admin (sees everything, invites users), member (one organisation), lead (a member who runs rounds and signs assessments off), or funder (sees its portfolio's accepted assessments, decides waivers)."
    )
    var role: Role

    @Option(help: "The member's or lead's organisation, as its assessments name it.")
    var organisation: String?

    @Option(help: "A funder's account's funder (made when new), e.g. \"North region PHN\".")
    var funder: String?

    @OptionGroup var passwordInput: PasswordInput

    func run() async throws {
        let password = passwordInput.read()
        try await database.withStorage { storage in
            do {
                let user = try await AccountService(storage: storage, passwords: Passwords())
                    .addUser(
                        email: email, password: password, role: role,
                        organisation: organisation, funder: funder)
                print("added \(user.email) as \(user.role.rawValue)")
            } catch let problem as AccountService.AccountProblem {
                Output.report([Diagnostic(.error, code: "admin.user", message: "\(problem)")])
                throw ExitStatus.invalidData.code
            }
        }
    }
}

/// `readiness admin set-password`: for a forgotten password (there is no mail server to
/// send a reset link).
struct SetPassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-password",
        abstract:
            "Set a new password for an account, read from standard input; its sessions end.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The account's email address.")
    var email: String

    @OptionGroup var passwordInput: PasswordInput

    func run() async throws {
        let password = passwordInput.read()
        let user = try await database.withStorage { storage in
            do {
                return try await AccountService(storage: storage, passwords: Passwords())
                    .resetPassword(email: email, password: password)
            } catch let problem as AccountService.AccountProblem {
                Output.report([Diagnostic(.error, code: "admin.user", message: "\(problem)")])
                throw ExitStatus.invalidData.code
            }
        }
        guard let user else {
            Output.report([
                Diagnostic(
                    .error, code: "admin.no-user",
                    message: "no account has the email address \(email)",
                    help: "add it with `readiness admin add-user`")
            ])
            throw ExitStatus.invalidData.code
        }
        print("set a new password for \(user.email); its sessions have ended")
    }
}

/// `readiness admin add-token`.
struct AddToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-token",
        abstract:
            "Make an API token for an account and print it (shown once; only its hash is kept).")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The account's email address.")
    var email: String

    func run() async throws {
        let token = try await database.withStorage { storage in
            try await AccountService(storage: storage, passwords: Passwords())
                .addToken(email: email)
        }
        guard let token
        else {
            Output.report([
                Diagnostic(
                    .error, code: "admin.no-user",
                    message: "no account has the email address \(email)",
                    help: "add it first with `readiness admin add-user`")
            ])
            throw ExitStatus.invalidData.code
        }
        print(token)
    }
}

/// `readiness admin copy-database`: an SQLite deployment moved to PostgreSQL.
struct CopyDatabase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-database",
        abstract: "Copy an SQLite database into a new, empty PostgreSQL database.",
        discussion: """
            Every table is copied with its ids, in one PostgreSQL transaction that is \
            committed only when each table's count matches and every stored assessment reads \
            back equal: nothing is written otherwise. Stop the server first (or copy a backup \
            of its file); the SQLite file is left as it was.
            """)

    @Option(help: ArgumentHelp("The SQLite database file to copy.", valueName: "file"))
    var from: String

    @Option(
        help: ArgumentHelp(
            "The PostgreSQL database to copy into: postgres://USER@HOST:PORT/DATABASE (the password from PGPASSWORD).",
            valueName: "url"))
    var to: String

    func validate() throws {
        do {
            _ = try PostgresLocation(url: to)
        } catch {
            throw ValidationError("--to: \(error)")
        }
    }

    func run() async throws {
        let target = try PostgresLocation(url: to, environment: ProcessInfo.processInfo.environment)
        let report: DatabaseCopy.Report
        do {
            report = try await DatabaseCopy.copy(from: from, to: target)
        } catch let refusal as DatabaseCopy.Refusal {
            Output.report([
                Diagnostic(.error, code: "admin.copy", message: refusal.description, path: from)
            ])
            throw
                (FileManager.default.fileExists(atPath: from)
                ? ExitStatus.invalidData : ExitStatus.inputMissing).code
        } catch {
            Output.report([
                Diagnostic(
                    .error, code: "server.database",
                    message:
                        "the copy failed, and nothing was written to PostgreSQL (\(StorageLocation.words(for: error)))",
                    path: target.redacted, help: StorageLocation.postgres(target).help)
            ])
            throw ExitStatus.inputMissing.code
        }
        for (table, count) in report.rows {
            print("\(table): \(count) row\(count == 1 ? "" : "s")")
        }
        print(
            "copied \(from) to \(target.redacted); \(report.assessmentsVerified) assessments read back and equal"
        )
    }
}

/// A password read from standard input, never from the command line (where other users of
/// the machine and the shell's history would see it).
struct PasswordInput: ParsableArguments {
    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.")
    var passwordStdin = false

    func validate() throws {
        guard passwordStdin else {
            throw ValidationError(
                "give --password-stdin and the password on standard input (never on the command line)"
            )
        }
    }

    /// The first line of standard input.
    func read() -> String {
        readLine(strippingNewline: true) ?? ""
    }
}

extension Role: ExpressibleByArgument {}
