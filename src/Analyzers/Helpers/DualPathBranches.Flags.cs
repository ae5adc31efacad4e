using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// The flag of a dual-path function (see <see cref="DualPathBranches"/>), as the function's own code uses it: a <c>bool</c>
    /// parameter or a readonly <c>bool</c> field of this object, and which of its values selects the awaited call.
    /// </summary>
    internal readonly struct DualPathFlag
    {
        public DualPathFlag(ISymbol symbol, IOperation reference, bool awaitsWhenTrue)
        {
            Symbol = symbol;
            Reference = reference;
            AwaitsWhenTrue = awaitsWhenTrue;
        }

        /// <summary>The parameter, or the field's definition.</summary>
        public ISymbol Symbol { get; }

        /// <summary>A reference to the flag as the function writes it in one of its conditions (without the <c>!</c>).</summary>
        public IOperation Reference { get; }

        /// <summary>True when the function awaits where the flag is true (<c>bool async</c>); false for a flag such as <c>bool sync</c>.</summary>
        public bool AwaitsWhenTrue { get; }
    }

    internal static partial class DualPathBranches
    {
        /// <summary>
        /// The flag the function around <paramref name="operation"/> (the innermost method, lambda or local function) uses to
        /// choose between a sync call and its awaited counterpart: the condition of an <c>if</c>/<c>else</c> or <c>?:</c> in the
        /// function's own code (not in nested functions) that is a flag (<see cref="IsFlag"/>), one branch of which awaits the
        /// counterpart (<see cref="AwaitsCounterpart"/>) of a call in the other, which awaits nothing: <c>if (async) await
        /// x.CloseAsync(); else x.Close();</c>, <c>async ? await r.ReadAsync(ct) : r.Read()</c>. Null when there is no such
        /// condition, or when they do not agree on one flag used one way: two flags, one flag that awaits when true in one
        /// place and when false in another, or a readonly field read on another object. Asked by fixes, for one diagnostic:
        /// it walks the function once.
        /// </summary>
        public static DualPathFlag? FlagOfFunction(IOperation operation)
        {
            var root = CompletionFlow.FunctionBody(operation);
            DualPathFlag? found = null;
            foreach (var candidate in Descendants(root))
            {
                if (candidate is not IConditionalOperation { WhenFalse: { } whenFalse } conditional
                    || FlagReference(conditional.Condition, out var negated) is not { } reference)
                {
                    continue;
                }

                var trueAwaits = ContainsAwait(conditional.WhenTrue);
                if (trueAwaits == ContainsAwait(whenFalse))
                {
                    continue;
                }

                var (awaiting, sync) = trueAwaits ? (conditional.WhenTrue, whenFalse) : (whenFalse, conditional.WhenTrue);
                if (!ChoosesCounterpart(sync, awaiting))
                {
                    continue;
                }

                if (FlagSymbol(reference) is not { } symbol)
                {
                    return null;
                }

                var flag = new DualPathFlag(symbol, reference, awaitsWhenTrue: trueAwaits != negated);
                if (found is { } earlier
                    && (!SymbolEqualityComparer.Default.Equals(earlier.Symbol, flag.Symbol) || earlier.AwaitsWhenTrue != flag.AwaitsWhenTrue))
                {
                    return null;
                }

                found ??= flag;
            }

            return found;
        }

        /// <summary>
        /// Which side of <paramref name="flag"/> <paramref name="operation"/> is on inside its function: true inside a branch that
        /// runs only when the flag selects the awaited call, false inside one that runs only when it selects the sync call,
        /// null on the shared path.
        /// </summary>
        public static bool? AsyncSideOf(IOperation operation, DualPathFlag flag)
        {
            var child = operation;
            for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return null;
                    case IConditionalOperation conditional
                        when (ReferenceEquals(child, conditional.WhenTrue) || ReferenceEquals(child, conditional.WhenFalse))
                            && FlagReference(conditional.Condition, out var negated) is { } reference
                            && FlagSymbol(reference) is { } symbol
                            && SymbolEqualityComparer.Default.Equals(symbol, flag.Symbol):
                        var flagValue = ReferenceEquals(child, conditional.WhenTrue) != negated;
                        return flagValue == flag.AwaitsWhenTrue;
                }
            }

            return null;
        }

        /// <summary>A call in <paramref name="sync"/> whose async counterpart <paramref name="awaiting"/> awaits.</summary>
        private static bool ChoosesCounterpart(IOperation sync, IOperation awaiting)
        {
            foreach (var operation in Descendants(sync))
            {
                if (operation is IInvocationOperation call && AwaitsCounterpart(awaiting, call))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The flag a reference names: the parameter, or the definition of a field that is static or read on this object.
        /// Null for a readonly field of another object: that flag may differ from this object's.
        /// </summary>
        private static ISymbol? FlagSymbol(IOperation reference)
            => reference switch
            {
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation { Field.IsStatic: true } field => field.Field.OriginalDefinition,
                IFieldReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } field
                    => field.Field.OriginalDefinition,
                _ => null,
            };
    }
}
