// A thin SQLite connection: prepared statements, typed binding, errors that name the statement.
import CSQLite
import Foundation

/// SQLite's "copy the bytes now" destructor, which C spells `SQLITE_TRANSIENT`.
private var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

/// A value bound to a statement parameter.
enum SQLValue {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case double(Double)
    case null
}

/// One SQLite connection, used from one thread at a time.
final class SQLiteDatabase {
    let handle: OpaquePointer
    private var cache: [String: OpaquePointer] = [:]

    init(path: String) throws(RAGError) {
        var handle: OpaquePointer?
        let result = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard result == SQLITE_OK, let handle else {
            let detail = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite3_close_v2(handle) }
            throw RAGError(.database, "cannot open the index at '\(path)': \(detail); check that the directory is writable", sqliteCode: result)
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 5000)
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        for statement in cache.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    func error(_ result: Int32, _ sql: String, _ what: String) -> RAGError {
        let detail = String(cString: sqlite3_errmsg(handle))
        return RAGError(.database, "\(what): \(detail)", sqliteCode: result, statement: sql)
    }

    /// Runs one or more statements that take no parameters and return no rows.
    func execute(_ sql: String) throws(RAGError) {
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &message)
        if result != SQLITE_OK {
            let detail = message.map { String(cString: $0) } ?? "error \(result)"
            sqlite3_free(message)
            throw RAGError(.database, "the index rejected a statement: \(detail)", sqliteCode: result, statement: sql)
        }
    }

    /// Runs `sql` with `values` and calls `row` for each result row.
    func query(_ sql: String, _ values: [SQLValue] = [], row: (Row) throws(RAGError) -> Void = { _ in }) throws(RAGError) {
        let statement = try prepare(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let result: Int32
            switch value {
            case .integer(let number): result = sqlite3_bind_int64(statement, index, number)
            case .double(let number): result = sqlite3_bind_double(statement, index, number)
            case .text(let text): result = sqlite3_bind_text(statement, index, text, -1, transient)
            case .blob(let bytes):
                result = bytes.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transient) }
            case .null: result = sqlite3_bind_null(statement, index)
            }
            guard result == SQLITE_OK else { throw error(result, sql, "cannot bind parameter \(index)") }
        }
        while true {
            let result = sqlite3_step(statement)
            if result == SQLITE_DONE { return }
            guard result == SQLITE_ROW else { throw error(result, sql, "the index query failed") }
            try row(Row(statement: statement))
        }
    }

    /// Runs `sql` and returns the rows mapped by `transform`.
    func rows<T>(_ sql: String, _ values: [SQLValue] = [], _ transform: (Row) -> T) throws(RAGError) -> [T] {
        var result: [T] = []
        try query(sql, values) { row in result.append(transform(row)) }
        return result
    }

    /// Runs `body` in one transaction, committed when it returns and rolled back when it throws.
    func transaction<T>(_ body: () throws(RAGError) -> T) throws(RAGError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            let start = DispatchTime.now().uptimeNanoseconds
            try execute("COMMIT")
            commitSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Seconds spent in COMMIT so far (the benchmark reports them).
    var commitSeconds = 0.0
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    private func prepare(_ sql: String) throws(RAGError) -> OpaquePointer {
        if let cached = cache[sql] { return cached }
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw error(result, sql, "cannot prepare a statement") }
        cache[sql] = statement
        return statement
    }

    /// A result row; columns are read by 0-based index.
    struct Row {
        let statement: OpaquePointer
        func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
        func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
        func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
        func text(_ column: Int32) -> String {
            guard let pointer = sqlite3_column_text(statement, column) else { return "" }
            return String(cString: pointer)
        }
        func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
        /// Calls `body` with the bytes of a blob column, valid only during the call.
        func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) -> T) -> T {
            let count = Int(sqlite3_column_bytes(statement, column))
            return body(UnsafeRawBufferPointer(start: count > 0 ? sqlite3_column_blob(statement, column) : nil, count: count))
        }
        func blob(_ column: Int32) -> [UInt8] {
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: pointer, count: count))
        }
    }
}
