using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>Plain facts about operations that rules and fixes share, written once.</summary>
    internal static class OperationFacts
    {
        /// <summary>
        /// The value under the implicit conversions the compiler added (<c>object o = task</c>, a task passed where a
        /// base type is expected). Explicit casts stay: they are the code's own (<see cref="TaskPlace.Unwrap"/> looks through
        /// the reference ones where a task place is asked about).
        /// </summary>
        public static IOperation WithoutImplicitConversions(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>The root of the operation tree <paramref name="operation"/> is in: the whole member body, lambdas included.</summary>
        public static IOperation TreeRoot(IOperation operation)
        {
            while (operation.Parent is { } parent)
            {
                operation = parent;
            }

            return operation;
        }
    }
}
