extension CELMap {
    /// One entry: the key as given, for a string key its fingerprint, and the value, side by
    /// side so a field lookup walks one contiguous buffer. The key's comparable form
    /// (``Key``) is worked out when needed rather than stored: storing it kept a second
    /// reference to every field name.
    struct Entry {
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
    final class Storage: ManagedBuffer<Storage.Header, Entry> {
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
    func writeKey(_ position: Int, into entry: UnsafeMutablePointer<CELMap.Entry>) {
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

extension CELMap {
    /// What is wrong with the map's storage, each problem described; empty when it is sound.
    /// The storage is written through pointers by two builders, so tests build maps every way
    /// there is and check them with this: the count within the room made, every key a valid
    /// key and given once, each string key's fingerprint its own, the hash index (present
    /// exactly when the map is larger than ``indexThreshold``) pointing every key at its
    /// entry, and, in a map of field names, every key one of those names.
    package var invariantViolations: [String] {
        storage.withUnsafeMutablePointers { header, entries in
            var problems: [String] = []
            let count = header.pointee.count
            guard count >= 0, count <= header.pointee.capacity else {
                return ["count \(count) is outside the room made, \(header.pointee.capacity)"]
            }
            var seen: [Key: Int] = [:]
            for position in 0..<count {
                let entry = entries[position]
                guard let key = Key(entry.key) else {
                    problems.append("entry \(position): \(entry.key.debugText) is not a map key")
                    continue
                }
                if let first = seen.updateValue(position, forKey: key) {
                    problems.append("entries \(first) and \(position) have the same key")
                }
                var fingerprint: UInt64 = 0
                if case .string(let text) = entry.key { fingerprint = CELMap.fingerprint(text) }
                if entry.fingerprint != fingerprint {
                    problems.append("entry \(position): the fingerprint is not its key's")
                }
                if let names = header.pointee.names, !names.holds(entry.key) {
                    problems.append("entry \(position): the key is not one of the field names")
                }
            }
            switch header.pointee.index {
            case nil where count > CELMap.indexThreshold:
                problems.append("\(count) entries and no index")
            case .some where count <= CELMap.indexThreshold:
                problems.append("an index over only \(count) entries")
            case .some(let index):
                if index.count != count {
                    problems.append("the index has \(index.count) keys for \(count) entries")
                }
                for (key, position) in index where seen[key] != position {
                    problems.append("the index puts a key at \(position), not where it is")
                }
            case nil:
                break
            }
            return problems
        }
    }
}

extension FieldNames {
    /// Whether `key` is one of the names, code point for code point.
    func holds(_ key: CELValue) -> Bool {
        guard case .string(let text) = key else { return false }
        return (0..<count).contains { CELValue.sameBytes(name($0), text) }
    }
}
