extension Array {
    /// `Array(unsafeUninitializedCapacity:initializingWith:)` for a known count, except that an
    /// empty array is `[]`. Every empty array is Swift's one shared empty storage, and the standard
    /// initializer writes the count into it even for 0: two threads making an empty column at once
    /// (parallel file reads, an import's background snapshot) race on that global, which
    /// ThreadSanitizer reports. Each use here found that race once.
    init(
        uninitializedCount count: Int,
        initializingWith body: (inout UnsafeMutableBufferPointer<Element>, inout Int) throws -> Void
    ) rethrows {
        if count == 0 {
            self = []
            return
        }
        try self.init(unsafeUninitializedCapacity: count, initializingWith: body)
    }
}
