namespace AsyncRules.Analyzers
{
    /// <summary>Keys of <c>Diagnostic.Properties</c>: what an analyzer saw, for its fixer to act on without looking again.</summary>
    internal static class DiagnosticProperties
    {
        /// <summary>Which variant of a rule matched (a <see cref="Helpers.BlockingWaitKind"/> name, or <see cref="SleepZero"/>).</summary>
        public const string Kind = "Kind";

        /// <summary>Value of <see cref="Kind"/> for <c>Thread.Sleep(0)</c>, which yields rather than sleeps.</summary>
        public const string SleepZero = "SleepZero";

        /// <summary>Value of <see cref="Kind"/> for ASYNC004's nested task converted to <c>Task</c> (not awaited).</summary>
        public const string ConvertedToTask = "ConvertedToTask";

        /// <summary>Value of <see cref="Kind"/> for ASYNC005's null returned to <c>Task.Run</c>, which cancels its task for it.</summary>
        public const string TaskRunCancels = "TaskRunCancels";

        /// <summary>Value of <see cref="Kind"/> for ASYNC020's <c>ToBlockingEnumerable()</c>.</summary>
        public const string ToBlockingEnumerable = "ToBlockingEnumerable";

        /// <summary>Value of <see cref="Kind"/> for ASYNC020's blocking wait on <c>MoveNextAsync()</c>.</summary>
        public const string MoveNextAsync = "MoveNextAsync";
    }
}
