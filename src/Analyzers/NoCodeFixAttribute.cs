using System;

namespace AsyncRules.Analyzers
{
    /// <summary>
    /// Marks an analyzer whose rule deliberately ships without a code fix, with the reason (where no fix preserves
    /// behaviour, the rule ships without one and its page, docs/rules/ID.md, says why). A meta-test requires every analyzer to have
    /// a fixer or this attribute.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    internal sealed class NoCodeFixAttribute : Attribute
    {
        public NoCodeFixAttribute(string reason) => Reason = reason;

        public string Reason { get; }
    }
}
