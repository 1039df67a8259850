import Foundation
import Hummingbird
import Logging
import ReadinessCore

/// The web application: its settings, its routes over a store and a rule set, and running it.
package enum ReadinessServer {
    /// How the server runs.
    package struct Configuration: Sendable {
        /// The database (made and migrated on start).
        package var database = StorageLocation.sqlite(path: "readiness.sqlite")
        package var host = "127.0.0.1"
        /// 0 takes a free port.
        package var port = 8080
        /// The address people reach it at, behind a proxy; `https://…` makes cookies `Secure`.
        package var publicURL: String?
        /// Addresses of reverse proxies whose `X-Forwarded-For` header names the client (for
        /// sign-in limits per address).
        package var trustedProxies: Set<String> = []
        /// bcrypt's cost (12; tests use 4).
        package var passwordCost: UInt8 = 12

        package init() {}

        /// Whether cookies are sent over https only.
        package var secureCookies: Bool {
            publicURL?.lowercased().hasPrefix("https://") ?? false
        }
    }

    /// The router: every page and API route, behind the error, security-header and identity
    /// middleware.
    package static func router(
        storage: any Storage, ruleSet: CompiledRuleSet, configuration: Configuration
    ) -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: SecurityHeadersMiddleware<AppContext>())
        router.add(middleware: ErrorMiddleware())
        router.add(
            middleware: IdentityMiddleware(
                storage: storage, trustedProxies: configuration.trustedProxies))
        let service = AssessmentService(storage: storage, ruleSet: ruleSet)
        let accounts = AccountService(
            storage: storage, passwords: Passwords(cost: configuration.passwordCost))
        let pages = WebRoutes(
            service: service, accounts: accounts, secureCookies: configuration.secureCookies)
        pages.register(on: router)
        CollaborationRoutes(rounds: RoundService(assessments: service), pages: pages)
            .register(on: router)
        EvidenceRoutes(evidence: EvidenceService(assessments: service)).register(on: router)
        PlanRoutes(plans: PlanService(storage: storage)).register(on: router)
        APIRoutes(service: service).register(on: router)
        CollaborationAPI(service: service).register(on: router)
        // One service, so the pages and the API share the rows worked out.
        let funders = FunderService(assessments: service)
        FunderRoutes(funders: funders).register(on: router)
        FunderAPI(funders: funders).register(on: router)
        AdminRoutes(accounts: accounts).register(on: router)
        AccountRoutes(accounts: accounts).register(on: router)
        return router
    }

    /// The router's responder, answering HEAD as GET.
    package static func responder(
        storage: any Storage, ruleSet: CompiledRuleSet, configuration: Configuration
    ) -> HeadAsGetResponder<RouterResponder<AppContext>> {
        HeadAsGetResponder(
            router(storage: storage, ruleSet: ruleSet, configuration: configuration)
                .buildResponder())
    }

    /// Runs until SIGINT or SIGTERM, then shuts down cleanly. When listening, `onListening`
    /// is called with the address (`http://127.0.0.1:8080`).
    package static func run(
        configuration: Configuration, ruleSet: CompiledRuleSet,
        onListening: @escaping @Sendable (String) -> Void
    ) async throws {
        let opened = try await configuration.database.open()
        let storage = opened.storage
        var logger = Logger(label: "readiness")
        logger.logLevel = .info
        let host = configuration.host
        let application = Application(
            responder: responder(storage: storage, ruleSet: ruleSet, configuration: configuration),
            configuration: .init(
                address: .hostname(host, port: configuration.port), serverName: "readiness"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let shownHost = host.contains(":") ? "[\(host)]" : host
                onListening("http://\(shownHost):\(port)")
            },
            logger: logger)
        do {
            try await application.runService()
        } catch {
            await opened.close()
            throw error
        }
        await opened.close()
    }
}
