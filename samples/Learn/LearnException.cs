using System;

namespace AsyncRules.Learn
{
    /// <summary>A problem the learner can act on (a file it cannot read, a bad option): shown as one clear line, never a stack trace.</summary>
    internal sealed class LearnException : Exception
    {
        public LearnException(string message, int exitCode = 2)
            : base(message) => ExitCode = exitCode;

        public int ExitCode { get; }
    }
}
