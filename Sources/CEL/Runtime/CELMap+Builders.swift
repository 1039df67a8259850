extension CELMap {
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
}
