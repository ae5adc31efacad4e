using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class DualPathCalls
    {
        /// <summary>Checks the awaited and returned values on the sync path; collects the callees handed the flag, to be proven next.</summary>
        private sealed class Proof
        {
            private readonly KnownSymbols symbols;
            private readonly ImmutableArray<ISymbol> falseParameters;
            private readonly Dictionary<CaptureId, List<IOperation>> captures;
            private readonly IEnumerable<IOperation> allOperations;
            private readonly IOperation? tree;
            private readonly ImmutableArray<Key>.Builder callees = ImmutableArray.CreateBuilder<Key>();
            private Dictionary<ILocalSymbol, List<IOperation>?>? localValues;
            private HashSet<ILocalSymbol>? localsBeingChecked;

            private readonly bool cachedOnly;

            public Proof(KnownSymbols symbols, ImmutableArray<ISymbol> falseParameters, bool cachedOnly, Dictionary<CaptureId, List<IOperation>> captures, IEnumerable<IOperation> allOperations, IOperation? tree)
            {
                this.cachedOnly = cachedOnly;
                this.tree = tree;
                this.symbols = symbols;
                this.falseParameters = falseParameters;
                this.captures = captures;
                this.allOperations = allOperations;
            }

            /// <summary>The calls handed the flag, each once.</summary>
            public ImmutableArray<Key> Callees => callees.ToImmutable();

            /// <summary>
            /// False when <paramref name="value"/> (awaited, or returned by a method that is not async) is not a finished task
            /// as far as this body shows; a call handed the flag passes here and is remembered. A local passes when every value
            /// the body ever assigns it passes (<c>var result = new ValueTask&lt;string&gt;(..); ..; return result;</c>).
            /// </summary>
            public bool Add(IOperation value, bool isReturn)
            {
                value = TaskPlace.Unwrap(value);
                if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured } && !isReturn)
                {
                    value = TaskPlace.Unwrap(configured);
                }

                if (value is IFlowCaptureReferenceOperation reference)
                {
                    if (!captures.TryGetValue(reference.Id, out var values))
                    {
                        return false;
                    }

                    foreach (var captured in values)
                    {
                        if (!Add(captured, isReturn))
                        {
                            return false;
                        }
                    }

                    return true;
                }

                if (value is ILocalReferenceOperation { Local: var local })
                {
                    return AddLocal(local, isReturn);
                }

                // A method entered with no flag must hand out tasks that were finished before it ran (npgsql's TryRead():
                // static Task.FromResult fields, or null): a method that makes its task (Task.FromResult(42)) is a stand-in
                // for one that does real work, as a test double or the first version of an async API.
                if (cachedOnly)
                {
                    return isReturn
                        && ((value is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } && CompletedTasks.IsPrecompletedField(field, symbols))
                            || value.ConstantValue is { HasValue: true, Value: null });
                }

                if (CompletedTasks.IsCompletedFactory(value, symbols) || (isReturn && (CompletedTasks.IsFinishedValueTask(value, symbols) || value.ConstantValue is { HasValue: true, Value: null })))
                {
                    return true;
                }

                if (value is not IInvocationOperation { TargetMethod: var target } call || !symbols.IsTaskLike(target.ReturnType))
                {
                    return false;
                }

                var handed = FalseParameters(call, falseParameters, captures);
                if (handed.IsEmpty)
                {
                    return false;
                }

                if (!CalleeBodies.CanLookInto(target, symbols.Compilation))
                {
                    // A call whose body is not bound statically (virtual, abstract, an interface member, another assembly's)
                    // is trusted when this dual-path body hands it its own flag: the same convention, one level down. A
                    // constant false proves nothing about such a callee. A virtual method's own body, when there is one
                    // here, is still read: what it does on its sync path is caught; its overrides are trusted.
                    if (!HandsOnFlag(call))
                    {
                        return false;
                    }

                    if (!CalleeBodies.CanLookInto(target, symbols.Compilation, declared: true))
                    {
                        return true;
                    }
                }

                var key = new Key(target.OriginalDefinition, handed);
                if (!callees.Contains(key))
                {
                    callees.Add(key);
                }

                return true;
            }

            /// <summary>True when some bool argument of <paramref name="call"/> is a flag of this body known false (not a constant).</summary>
            private bool HandsOnFlag(IInvocationOperation call)
            {
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter is { RefKind: RefKind.None, Type.SpecialType: SpecialType.System_Boolean }
                        && IsFlagKnownFalse(argument.Value, falseParameters, captures))
                    {
                        return true;
                    }
                }

                return false;
            }

            private bool AddLocal(ILocalSymbol local, bool isReturn)
            {
                localValues ??= LocalValues();
                if (!localValues.TryGetValue(local, out var values) || values is null)
                {
                    return false;
                }

                localsBeingChecked ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
                if (!localsBeingChecked.Add(local))
                {
                    return false;
                }

                var all = true;
                foreach (var assigned in values)
                {
                    if (!Add(assigned, isReturn))
                    {
                        all = false;
                        break;
                    }
                }

                localsBeingChecked.Remove(local);
                return all;
            }

            /// <summary>
            /// Per local of the body, every value assigned to it; null for a local also written another way (ref, out, compound,
            /// or by a lambda or local function, whose bodies a graph does not hold: those are read in the <see cref="tree"/>).
            /// </summary>
            private Dictionary<ILocalSymbol, List<IOperation>?> LocalValues()
            {
                var result = new Dictionary<ILocalSymbol, List<IOperation>?>(SymbolEqualityComparer.Default);
                foreach (var operation in allOperations)
                {
                    Collect(result, operation);
                }

                if (tree is not null)
                {
                    var nested = new Dictionary<ILocalSymbol, List<IOperation>?>(SymbolEqualityComparer.Default);
                    foreach (var operation in tree.Descendants())
                    {
                        if (AsyncContext.IsInNestedFunction(operation, tree))
                        {
                            Collect(nested, operation);
                        }
                    }

                    foreach (var local in nested.Keys)
                    {
                        result[local] = null;
                    }
                }

                return result;
            }

            private static void Collect(Dictionary<ILocalSymbol, List<IOperation>?> result, IOperation operation)
            {
                switch (operation)
                {
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local: var local } } assignment:
                        Record(result, local, assignment.Value);
                        break;
                    case IVariableDeclaratorOperation { Symbol: var local, Initializer: { } initializer }:
                        Record(result, local, initializer.Value);
                        break;
                    case IAssignmentOperation { Target: ILocalReferenceOperation { Local: var local } }:
                        result[local] = null;
                        break;
                    case IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation { Local: var local } }:
                        result[local] = null;
                        break;
                    case IDeconstructionAssignmentOperation deconstruction:
                        foreach (var target in deconstruction.Target.DescendantsAndSelf())
                        {
                            if (target is ILocalReferenceOperation { Local: var local })
                            {
                                result[local] = null;
                            }
                        }

                        break;
                }
            }

            private static void Record(Dictionary<ILocalSymbol, List<IOperation>?> values, ILocalSymbol local, IOperation value)
            {
                if (!values.TryGetValue(local, out var list))
                {
                    values[local] = list = new List<IOperation>();
                }

                list?.Add(value);
            }
        }
    }
}
