namespace AsyncRules.Analyzers
{
    /// <summary>Diagnostic categories, one per kind of mistake (they show in SARIF and in IDE rule lists).</summary>
    internal static class RuleCategories
    {
        /// <summary>Awaiting: only awaitables are awaited, every task is awaited, awaited rather than chained with callbacks (Families A, B and G).</summary>
        public const string Await = "Await";

        /// <summary>A coroutine that blocks its thread instead of yielding to the caller (Families C and E).</summary>
        public const string Blocking = "Blocking";

        /// <summary>Async streams used as async streams (Family D).</summary>
        public const string AsyncStreams = "AsyncStreams";

        /// <summary>Cancellation flows with the coroutine (Family F).</summary>
        public const string Cancellation = "Cancellation";
    }
}
