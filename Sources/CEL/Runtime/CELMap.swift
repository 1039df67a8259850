/// A CEL map: keys of type bool, int, uint or string, in insertion order.
///
/// Numeric keys compare by value, so `{1: 'a'}[1u]` and `{1: 'a'}[1.0]` find the entry, as
/// CEL's heterogeneous equality requires. Small maps (most profile records) are searched
/// linearly, which beats hashing for a handful of keys; larger ones get a hash index.
public struct CELMap: @unchecked Sendable {
    /// One entry: the key as given, for a string key its fingerprint, and the value, side by
    /// side so a field lookup walks one contiguous buffer. The key's comparable form
    /// (``Key``) is worked out when needed rather than stored: storing it kept a second
    /// reference to every field name.
    fileprivate struct Entry {
        /// First, so that an entry's address is its value's (``value(of:)``).
        let value: CELValue
        /// ``CELMap/fingerprint(_:)`` of a string key; 0 for other kinds.
        let fingerprint: UInt64
        let key: CELValue

        init(key: CELValue, value: CELValue) {
            self.value = value
            if case .string(let text) = key {
                fingerprint = CELMap.fingerprint(text)
            } else {
                fingerprint = 0
            }
            self.key = key
        }

        init(field name: String, fingerprint: UInt64, value: CELValue) {
            self.value = value
            self.fingerprint = fingerprint
            key = .string(name)
        }

        /// The value of the entry at `entry`, addressed on its own: for handling the value
        /// apart from a key the entry does not own.
        @inline(__always)
        static func value(of entry: UnsafeMutablePointer<Entry>) -> UnsafeMutablePointer<CELValue> {
            UnsafeMutableRawPointer(entry).assumingMemoryBound(to: CELValue.self)
        }

        /// Whether the entry's key is `key` under CEL's key equality.
        func has(_ key: Key) -> Bool {
            if case .string(let text) = key {
                guard case .string(let own) = self.key else { return false }
                return CELValue.sameBytes(own, text)
            }
            return Key(self.key) == key
        }
    }

    /// The entries, stored in the same allocation as their count and (for larger maps) a hash
    /// index: a map is one object, copying a map value costs one reference count, and a field
    /// lookup reaches the entries without going through an array. Immutable once a
    /// ``Builder`` has handed it over (until then only the builder, holding the sole
    /// reference, writes to it).
    fileprivate final class Storage: ManagedBuffer<Storage.Header, Entry> {
        struct Header {
            var count: Int
            var capacity: Int
            var index: [Key: Int]?
            /// When set, every entry's key is one of these names, held without a reference
            /// of its own (see ``FieldNames``): the map holds the names instead.
            var names: FieldNames?
        }

        /// Empty storage with room for `capacity` entries, whose keys are all `names` when
        /// given.
        static func make(capacity: Int, names: FieldNames? = nil) -> Storage {
            let buffer = Storage.create(minimumCapacity: capacity) { _ in
                Header(count: 0, capacity: capacity, index: nil, names: names)
            }
            return unsafeDowncast(buffer, to: Storage.self)
        }

        deinit {
            withUnsafeMutablePointers { header, entries in
                if header.pointee.names == nil {
                    _ = entries.deinitialize(count: header.pointee.count)
                } else {
                    // The keys are the names' own: only the values are the map's to release.
                    for position in 0..<header.pointee.count {
                        Entry.value(of: entries + position).deinitialize(count: 1)
                    }
                }
            }
        }

        var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }
        var index: [Key: Int]? { withUnsafeMutablePointerToHeader { $0.pointee.index } }

        /// Reads the entries in place.
        @inline(__always)
        func withEntries<Result>(_ body: (UnsafeBufferPointer<Entry>) -> Result) -> Result {
            withUnsafeMutablePointers { header, entries in
                body(UnsafeBufferPointer(start: entries, count: header.pointee.count))
            }
        }

        /// A copy with room for `capacity` entries: for a builder whose storage is shared or
        /// full (never one of field names: a ``FieldsBuilder`` cannot be shared and does not
        /// grow). `moving` takes the entries out of this storage instead of copying them (it
        /// must then be discarded).
        func copy(capacity: Int, moving: Bool) -> Storage {
            let copy = Storage.make(capacity: capacity)
            withUnsafeMutablePointers { header, entries in
                copy.withUnsafeMutablePointers { copyHeader, copyEntries in
                    let count = header.pointee.count
                    if moving {
                        copyEntries.moveInitialize(from: entries, count: count)
                        header.pointee.count = 0
                    } else {
                        copyEntries.initialize(from: entries, count: count)
                    }
                    copyHeader.pointee.count = count
                    copyHeader.pointee.index = header.pointee.index
                }
            }
            return copy
        }

        /// The position of a string key, by its precomputed fingerprint, or `nil`.
        @inline(__always)
        func position(ofField name: String, _ fingerprint: UInt64) -> Int? {
            if let index { return index[.string(name)] }
            return withEntries { entries -> Int? in
                for position in 0..<entries.count where entries[position].fingerprint == fingerprint
                {
                    if case .string(let text) = entries[position].key,
                        CELValue.sameBytes(text, name)
                    {
                        return position
                    }
                }
                return nil
            }
        }

        /// The entry whose string key is the field at `field` (its name and fingerprint), read
        /// in place; `nil` when there is none. The pointer is valid while the storage lives.
        @inline(__always)
        func entry(named field: UnsafePointer<(name: String, fingerprint: UInt64)>)
            -> UnsafePointer<Entry>?
        {
            if let index {
                return index[.string(field.pointee.name)].flatMap { position in
                    withEntries { $0.baseAddress.map { UnsafePointer($0 + position) } }
                }
            }
            return withEntries { entries -> UnsafePointer<Entry>? in
                guard var entry = entries.baseAddress else { return nil }
                let end = entry + entries.count
                let fingerprint = field.pointee.fingerprint
                while entry < end {
                    if entry.pointee.fingerprint == fingerprint,
                        entry.pointee.key.isString(field.pointee.name)
                    {
                        return entry
                    }
                    entry += 1
                }
                return nil
            }
        }

        func position(of key: Key) -> Int? {
            if let index { return index[key] }
            return withEntries { $0.firstIndex { $0.has(key) } }
        }
    }

    /// Builds a map entry by entry.
    public struct Builder {
        /// The map's own storage, filled in place and handed over by ``build()``.
        private var storage: Storage

        /// An empty builder.
        public init() {
            storage = Storage.make(capacity: 0)
        }

        /// An empty builder with room for `capacity` entries.
        public init(capacity: Int) {
            storage = Storage.make(capacity: capacity)
        }

        /// Adds an entry; `false` (and no change) when the key is present or not a valid key.
        @discardableResult
        public mutating func insert(_ key: CELValue, _ value: CELValue) -> Bool {
            guard let comparable = Key(key) else { return false }
            if let index = storage.index {
                if index[comparable] != nil { return false }
            } else if storage.withEntries({ $0.contains { $0.has(comparable) } }) {
                return false
            }
            append(Entry(key: key, value: value), comparable)
            return true
        }

        /// Appends an entry whose key's comparable form is `comparable` (worked out here when
        /// `nil`, and only if the map has an index). The entry is moved into the storage, not
        /// copied: a copy retained its key and value once more and released them again.
        private mutating func append(_ entry: consuming Entry, _ comparable: Key?) {
            room { comparable ?? Key(entry.key) }.initialize(to: entry)
        }

        /// Counts one more entry and returns where it goes, uninitialised; `key` is the new
        /// entry's key in comparable form, asked for only when the map has an index. The
        /// storage is copied first when a built map shares it, and grown when it is full.
        @inline(__always)
        private mutating func room(_ key: () -> Key?) -> UnsafeMutablePointer<Entry> {
            // The usual case, a record of the builder's own filled within the room it was made
            // with and too small for an index, takes the next place at once: the general
            // path's checks were most of the cost of adding a field.
            if isKnownUniquelyReferenced(&storage),
                let next = storage.withUnsafeMutablePointers({
                    header, entries -> UnsafeMutablePointer<Entry>? in
                    let count = header.pointee.count
                    guard count < header.pointee.capacity, count + 1 < CELMap.indexThreshold,
                        header.pointee.index == nil
                    else { return nil }
                    header.pointee.count = count + 1
                    return entries + count
                })
            {
                return next
            }
            let count = storage.count
            let capacity = storage.withUnsafeMutablePointerToHeader { $0.pointee.capacity }
            if !isKnownUniquelyReferenced(&storage) {
                // A map built from this builder shares the storage: copy before writing.
                storage = storage.copy(capacity: max(capacity, count + 1), moving: false)
            } else if count == capacity {
                storage = storage.copy(capacity: max(4, capacity * 2), moving: true)
            }
            // The storage is held by `self`, so the pointer stays valid.
            return storage.withUnsafeMutablePointers { header, entries in
                if header.pointee.index == nil, count == CELMap.indexThreshold {
                    var index: [Key: Int] = [:]
                    for position in 0..<count {
                        if let key = Key(entries[position].key) { index[key] = position }
                    }
                    header.pointee.index = index
                }
                if header.pointee.index != nil, let key = key() {
                    header.pointee.index?[key] = count
                }
                header.pointee.count = count + 1
                return entries + count
            }
        }

        /// The map. The builder is used up: the map takes its storage as it is.
        public consuming func build() -> CELMap {
            CELMap(storage: storage)
        }
    }

    /// Builds a map whose keys are field names from a ``FieldNames``, each at most once, as a
    /// decoder that has checked the keys against a schema makes its records. The map holds the
    /// names once and its entries' keys are the names themselves, uncounted.
    ///
    /// It cannot be copied, so its storage is its own until ``build()``, and it is made with
    /// room for every name it may take: adding a field is a write in place with no check of
    /// sharing or room (those checks, and the saving and restoring of registers for the paths
    /// they led to, were most of the cost of adding a field).
    package struct FieldsBuilder: ~Copyable {
        private let storage: Storage
        /// The names, kept alive by the storage.
        private let names: Unmanaged<FieldNames>

        /// An empty builder with room for `capacity` fields of `names`.
        package init(capacity: Int, names: FieldNames) {
            storage = Storage.make(capacity: capacity, names: names)
            self.names = Unmanaged.passUnretained(names)
        }

        /// Adds the field at `position` in the names. The caller knows it is not in the map
        /// yet.
        @inline(__always)
        package mutating func append(_ position: Int, _ value: consuming CELValue) {
            let entry = storage.withUnsafeMutablePointers { header, entries in
                let count = header.pointee.count
                precondition(count < header.pointee.capacity, "more fields than the room made")
                header.pointee.count = count + 1
                return entries + count
            }
            names._withUnsafeGuaranteedRef { names in
                assert(
                    !storage.withEntries {
                        $0.dropLast().contains { $0.has(.string(names.name(position))) }
                    })
                names.writeKey(position, into: entry)
            }
            Entry.value(of: entry).initialize(to: value)
        }

        /// The map. The builder is used up.
        package consuming func build() -> CELMap {
            storage.withUnsafeMutablePointers { header, entries in
                // Past this many fields a lookup goes through an index.
                let count = header.pointee.count
                guard count > CELMap.indexThreshold else { return }
                var index: [Key: Int] = [:]
                for position in 0..<count {
                    if let key = Key(entries[position].key) { index[key] = position }
                }
                header.pointee.index = index
            }
            return CELMap(storage: storage)
        }
    }

    fileprivate let storage: Storage

    private init(storage: Storage) {
        self.storage = storage
    }

    /// The entries in insertion order.
    public var entries: [(key: CELValue, value: CELValue)] {
        storage.withEntries { $0.map { ($0.key, $0.value) } }
    }

    /// Maps with more keys than this get a hash index; up to it, comparing fingerprints one
    /// by one is faster than hashing the key (profile records have about 4 to 12 fields).
    fileprivate static let indexThreshold = 16

    /// A key in its comparable form. Strings are equal when their code points are, as CEL's
    /// `==` has them (Swift's `==` would also match canonically equivalent spellings, so
    /// `{'caf\u00e9': 1}` would have held the key `'cafe\u0301'`).
    enum Key: Hashable {
        case bool(Bool)
        case int(Int64)
        case uint(UInt64)  // Only for values above Int64.max.
        case string(String)

        static func == (lhs: Key, rhs: Key) -> Bool {
            switch (lhs, rhs) {
            case (.bool(let a), .bool(let b)): a == b
            case (.int(let a), .int(let b)): a == b
            case (.uint(let a), .uint(let b)): a == b
            case (.string(let a), .string(let b)): CELValue.sameBytes(a, b)
            default: false
            }
        }

        func hash(into hasher: inout Hasher) {
            switch self {
            case .bool(let flag):
                hasher.combine(0 as UInt8)
                hasher.combine(flag)
            case .int(let number):
                hasher.combine(1 as UInt8)
                hasher.combine(number)
            case .uint(let number):
                hasher.combine(2 as UInt8)
                hasher.combine(number)
            case .string(let text):
                hasher.combine(3 as UInt8)
                // By the bytes, as `==` compares: String's own hashing is canonical.
                var text = text
                text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            }
        }

        init?(_ value: CELValue) {
            switch value {
            case .bool(let flag): self = .bool(flag)
            case .int(let number): self = .int(number)
            case .uint(let number):
                self = number <= UInt64(Int64.max) ? .int(Int64(number)) : .uint(number)
            case .string(let text): self = .string(text)
            case .double(let number):
                if number.rounded(.towardZero) != number { return nil }
                if let exact = Int64(exactly: number) {
                    self = .int(exact)
                } else if let exact = UInt64(exactly: number) {
                    self = .uint(exact)
                } else {
                    return nil
                }
            default: return nil
            }
        }
    }

    /// An empty map.
    public init() {
        storage = Storage.make(capacity: 0)
    }

    /// A map of string keys, as data from YAML or JSON is; a repeated key keeps its first
    /// value.
    public init(_ pairs: [(String, CELValue)]) {
        var builder = Builder()
        for (key, value) in pairs { builder.insert(.string(key), value) }
        self = builder.build()
    }

    /// Builds a map from key/value pairs; an error for a key of an unsupported type or a
    /// repeated key.
    public static func make(_ pairs: [(CELValue, CELValue)]) -> Result<CELMap, CELError> {
        var builder = Builder()
        for (key, value) in pairs {
            if case .error(let error) = key { return .failure(error) }
            guard Key(key) != nil, !(key.isDouble) else {
                return .failure(CELError("unsupported key type: \(key.type.runtimeName)"))
            }
            if !builder.insert(key, value) {
                return .failure(CELError("duplicate key in map literal: \(key.debugText)"))
            }
        }
        return .success(builder.build())
    }

    /// The number of entries.
    public var count: Int { storage.count }

    /// The value for a key, or `nil` when absent.
    public subscript(key: CELValue) -> CELValue? {
        guard let comparable = Key(key), let position = storage.position(of: comparable) else {
            return nil
        }
        return storage.withEntries { $0[position].value }
    }

    /// The value for a string key (field selection), or `nil`.
    public subscript(field field: String) -> CELValue? {
        self[field: field, fingerprint: Self.fingerprint(field)]
    }

    /// The value for a string key whose ``fingerprint(_:)`` the caller computed once in
    /// advance (a planned field selection), or `nil`.
    package subscript(field field: String, fingerprint fingerprint: UInt64) -> CELValue? {
        storage.position(ofField: field, fingerprint).map { position in
            storage.withEntries { $0[position].value }
        }
    }

    /// Follows a chain of string-keyed fields from the value at `start` (`w.supervision.days`
    /// from `w`), copying only the value found: the maps passed through are read in place,
    /// without reference counting. The value at `start` must stay alive and unchanged during
    /// the call. Selecting from a value that is not a map is an error (see ``unselectable(_:)``).
    static func follow(
        from start: UnsafePointer<CELValue>,
        _ path: UnsafeBufferPointer<(name: String, fingerprint: UInt64)>
    ) -> CELValue {
        guard let first = start.pointee.unretainedMapStorage else {
            return unselectable(start.pointee)
        }
        var current = first
        // An empty path selects nothing: the value itself.
        guard var field = path.baseAddress, !path.isEmpty else { return start.pointee }
        let last = field + (path.count - 1)
        while true {
            // The field's name is compared where it lies, in the path and in the entries:
            // copying either out retained and released a string per step.
            let found = current._withUnsafeGuaranteedRef { storage -> UnsafePointer<Entry>? in
                storage.entry(named: field)
            }
            guard let found else { return .error(.missing(field.pointee.name)) }
            if field == last { return found.pointee.value }
            guard let next = found.pointee.value.unretainedMapStorage else {
                return unselectable(found.pointee.value)
            }
            current = next
            field += 1
        }
    }

    /// The result of selecting a field of a value that is not a map: the value itself when it
    /// is an error (errors propagate), otherwise a type error.
    static func unselectable(_ value: CELValue) -> CELValue {
        if case .error = value { return value }
        return .fail("type '\(value.type.runtimeName)' does not support field selection")
    }

    /// A 64-bit FNV-1a hash of a string's UTF-8 bytes, never 0.
    package static func fingerprint(_ text: String) -> UInt64 {
        fingerprint(utf8: text.utf8)
    }

    /// ``fingerprint(_:)`` of text given as UTF-8 bytes (a key still in a parser's buffer).
    @inlinable
    package static func fingerprint<Bytes: Sequence<UInt8>>(utf8 bytes: Bytes) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash | 1
    }
}

/// The field names of a decoder's records, shared by the maps it builds
/// (``CELMap/FieldsBuilder``): each map holds this object once, and its entries' keys are the
/// names themselves, uncounted. A field name retained and released for every entry of every
/// record was a pair of atomic operations each (most names are too long to be stored inline
/// in a string). Immutable, so any thread may read it; a decoder that runs on several cores is
/// best given an object of its own per core, since every map counts a reference to it.
package final class FieldNames: @unchecked Sendable {
    /// Each name as a CEL string, and its fingerprint, by position.
    private let keys: UnsafeMutablePointer<CELValue>
    private let fingerprints: UnsafeMutablePointer<UInt64>
    /// How many names there are.
    package let count: Int

    /// The names, by the positions ``CELMap/FieldsBuilder/append(_:_:)`` takes. The strings
    /// are kept as given: a program planned with the same strings
    /// (``ProgramOptions/fieldNames``) finds their fields without reading their bytes. Maps
    /// never count references to them, so sharing them costs nothing per map.
    package init(_ names: [String]) {
        count = names.count
        keys = .allocate(capacity: count)
        fingerprints = .allocate(capacity: count)
        for (position, name) in names.enumerated() {
            (keys + position).initialize(to: .string(name))
            (fingerprints + position).initialize(to: CELMap.fingerprint(name))
        }
    }

    deinit {
        keys.deinitialize(count: count).deallocate()
        fingerprints.deallocate()
    }

    /// The name at `position`.
    package func name(_ position: Int) -> String {
        precondition(position >= 0 && position < count, "no name at \(position)")
        guard case .string(let name) = keys[position] else { preconditionFailure() }
        return name
    }

    /// `name` as `names` holds it, when it holds it byte for byte (String's `==` would also
    /// match a canonically equivalent spelling, a different field to CEL); otherwise `name`.
    /// A decoder's names and a program's selections (``ProgramOptions/fieldNames``) taken
    /// from one set are then one storage, compared without reading their bytes.
    package static func shared(_ name: String, in names: Set<String>) -> String {
        guard let index = names.firstIndex(of: name), CELValue.sameBytes(names[index], name)
        else { return name }
        return names[index]
    }

    /// Writes the entry's key and fingerprint for the name at `position`: the key's bits
    /// copied as they are, with no reference counted (the map holds this object instead).
    fileprivate func writeKey(_ position: Int, into entry: UnsafeMutablePointer<CELMap.Entry>) {
        precondition(position >= 0 && position < count, "no name at \(position)")
        // Stored properties of a struct: the offsets are known (and folded) at compile time.
        guard let fingerprintOffset = MemoryLayout<CELMap.Entry>.offset(of: \.fingerprint),
            let keyOffset = MemoryLayout<CELMap.Entry>.offset(of: \.key)
        else { preconditionFailure("CELMap.Entry has stored properties") }
        let raw = UnsafeMutableRawPointer(entry)
        (raw + fingerprintOffset).initializeMemory(as: UInt64.self, to: fingerprints[position])
        (raw + keyOffset).copyMemory(
            from: keys + position, byteCount: MemoryLayout<CELValue>.size)
    }
}

extension CELValue {
    /// The storage of a map value, without a retain: for reading a map that something else
    /// keeps alive.
    fileprivate var unretainedMapStorage: Unmanaged<CELMap.Storage>? {
        guard case .map(let map) = self else { return nil }
        return Unmanaged.passUnretained(map.storage)
    }

    /// Whether this is the string `text`, code point for code point.
    @inline(__always)
    fileprivate func isString(_ text: String) -> Bool {
        guard case .string(let own) = self else { return false }
        return CELValue.sameBytes(own, text)
    }

    var isDouble: Bool {
        if case .double = self { return true }
        return false
    }
}
