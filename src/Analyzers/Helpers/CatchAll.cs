using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// A function body that nothing can escape: the whole body is one <c>try</c> with a catch-all that does not rethrow
    /// (issue 14: ASYNC001's timer callbacks, ASYNC003's background runners). Shared so both rules read "guarded" alike.
    /// </summary>
    internal static class CatchAll
    {
        /// <summary>
        /// The <c>try</c> that is the whole of <paramref name="block"/> (nothing before or after it, apart from the implicit return
        /// the compiler adds at the end of a void body), else null.
        /// </summary>
        public static ITryOperation? WholeBlock(IBlockOperation? block)
            => block is { Operations.Length: > 0 } && block.Operations[0] is ITryOperation tryOperation
               && (block.Operations.Length == 1 || (block.Operations.Length == 2 && block.Operations[1] is IReturnOperation { IsImplicit: true, ReturnedValue: null }))
                ? tryOperation
                : null;

        /// <summary>True when <paramref name="block"/> is one <c>try</c> that <see cref="CatchesEverything"/>.</summary>
        public static bool GuardsWholeBlock(IBlockOperation? block, KnownSymbols symbols)
            => WholeBlock(block) is { } tryOperation && CatchesEverything(tryOperation, symbols);

        /// <summary>
        /// A catch-all: a clause for <c>Exception</c> (or a bare <c>catch</c>) with no filter, or one that is constant true; and no
        /// handler or <c>finally</c> of this <c>try</c> that throws (<c>throw;</c> in a typed clause lets that exception through too).
        /// </summary>
        public static bool CatchesEverything(ITryOperation tryOperation, KnownSymbols symbols)
        {
            var catchAll = false;
            foreach (var clause in tryOperation.Catches)
            {
                if (Throws(clause.Handler))
                {
                    return false;
                }

                catchAll |= (clause.ExceptionType.SpecialType == SpecialType.System_Object || SymbolEqualityComparer.Default.Equals(clause.ExceptionType, symbols.Exception))
                    && clause.Filter is null or { ConstantValue: { HasValue: true, Value: true } };
            }

            return catchAll && (tryOperation.Finally is null || !Throws(tryOperation.Finally));
        }

        /// <summary>A <c>throw</c> in <paramref name="block"/> itself, not in a lambda or local function declared there.</summary>
        private static bool Throws(IOperation block)
        {
            foreach (var operation in block.Descendants())
            {
                if (operation is IThrowOperation && !AsyncContext.IsInNestedFunction(operation, block))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
