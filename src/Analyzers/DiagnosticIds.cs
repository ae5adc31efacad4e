namespace AsyncRules.Analyzers
{
    /// <summary>
    /// Every diagnostic ID AsyncRules reports, named by intent; each has its page, docs/rules/ID.md,
    /// and a row in README.md's rule tables. IDs are never renumbered. Each family owns a decade.
    /// </summary>
    internal static class DiagnosticIds
    {
        // Family B: only awaitables are awaited; every coroutine is awaited (ASYNC001-009).
        public const string AsyncVoidMethod = "ASYNC001";
        public const string AsyncLambdaToVoidDelegate = "ASYNC002";
        public const string DroppedAwaitable = "ASYNC003";
        public const string NestedTaskAwaited = "ASYNC004";
        public const string NullTaskReturned = "ASYNC005";

        // Family G: native coroutines over callbacks (numbered in Family B's decade: it is about what is awaited).
        public const string PreferAwaitOverContinueWith = "ASYNC006";

        // Family C: never block on a task (ASYNC010-019).
        public const string BlockingWaitInAsyncCode = "ASYNC010";
        public const string BlockingWaitInSyncCode = "ASYNC011";

        // Family D: async streams used as async streams (ASYNC020-029).
        public const string BlockingAsyncStreamEnumeration = "ASYNC020";
        public const string AsyncStreamWithoutToken = "ASYNC021";
        public const string DroppedAsyncStream = "ASYNC022";
        public const string AsyncEnumeratorNotDisposed = "ASYNC023";

        // Family E: no synchronous sleep or blocking I/O in async code (ASYNC030-039).
        public const string ThreadSleepInAsyncCode = "ASYNC030";
        public const string SyncCallWithAsyncCounterpart = "ASYNC031";

        // Family F: cancellation flows with the coroutine (ASYNC040-049).
        public const string TokenNotForwarded = "ASYNC040";
    }
}
