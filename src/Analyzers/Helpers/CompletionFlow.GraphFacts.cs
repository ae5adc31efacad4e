using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CompletionFlow
    {
        /// <summary>One graph's flow captures and, per place, the solved state at the start of each block.</summary>
        private sealed partial class GraphFacts
        {
            private readonly ControlFlowGraph graph;
            private readonly ConcurrentDictionary<TaskPlace, bool[]> solutions = new();
            private readonly Dictionary<CaptureId, IOperation?> captures = new();
            private readonly Func<IOperation, IOperation> resolve;

            public GraphFacts(ControlFlowGraph graph)
            {
                this.graph = graph;
                foreach (var block in graph.Blocks)
                {
                    foreach (var operation in BlockOperations(block))
                    {
                        foreach (var descendant in operation.DescendantsAndSelf())
                        {
                            if (descendant is IFlowCaptureOperation capture)
                            {
                                // A capture written on two paths (a ?: result) has no single value.
                                captures[capture.Id] = captures.ContainsKey(capture.Id) ? null : capture.Value;
                            }
                        }
                    }
                }

                var statusLocals = StatusLocals(graph);
                resolve = operation =>
                {
                    for (var i = 0; i < 4; i++)
                    {
                        if (operation is IFlowCaptureReferenceOperation reference && captures.TryGetValue(reference.Id, out var value) && value is not null)
                        {
                            operation = TaskPlace.Unwrap(value);
                        }
                        else if (operation is ILocalReferenceOperation local && statusLocals is not null && statusLocals.TryGetValue(local.Local, out var status))
                        {
                            operation = status;
                        }
                        else
                        {
                            break;
                        }
                    }

                    return operation;
                };
            }

            /// <summary>
            /// Locals that hold a task's status, <c>TaskStatus status = task.Status; switch (status) ..</c>: declared in this
            /// function from the <c>Status</c> of a place and never written again, here or in a lambda or local function, while
            /// the place is never written (so the status still describes that task).
            /// </summary>
            private static Dictionary<ILocalSymbol, IOperation>? StatusLocals(ControlFlowGraph graph)
            {
                Dictionary<ILocalSymbol, IOperation?>? candidates = null;
                var places = new List<TaskPlace>();
                var hasNestedFunctions = !graph.LocalFunctions.IsEmpty;
                foreach (var block in graph.Blocks)
                {
                    foreach (var operation in BlockOperations(block))
                    {
                        foreach (var descendant in operation.DescendantsAndSelf())
                        {
                            hasNestedFunctions |= descendant is IFlowAnonymousFunctionOperation;
                            if (descendant is IAssignmentOperation { Target: ILocalReferenceOperation { Local: var local } target } assignment)
                            {
                                candidates ??= new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
                                var value = TaskPlace.Unwrap(assignment.Value);
                                IOperation? status = null;
                                if (assignment is ISimpleAssignmentOperation && target.IsDeclaration
                                    && value is IPropertyReferenceOperation { Property.Name: "Status", Instance: { } instance }
                                    && TaskPlace.Of(instance) is { } place)
                                {
                                    places.Add(place);
                                    status = value;
                                }

                                candidates[local] = candidates.ContainsKey(local) ? null : status;
                            }
                            else if (descendant is IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation { Local: var passed } })
                            {
                                candidates ??= new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
                                candidates[passed] = null;
                            }
                        }
                    }
                }

                if (candidates is null || places.Count == 0)
                {
                    return null;
                }

                // A status says nothing about a task that was replaced after it was read.
                foreach (var block in graph.Blocks)
                {
                    foreach (var operation in BlockOperations(block))
                    {
                        foreach (var descendant in operation.DescendantsAndSelf())
                        {
                            foreach (var place in places)
                            {
                                if (place.IsWrittenBy(descendant))
                                {
                                    return null;
                                }
                            }
                        }
                    }
                }

                // Nor does a local a lambda or local function may write. Their bodies are not in this graph: read them in the
                // operation tree (a lambda's own graph has no tree to read, so there any nested function rules this out).
                if (hasNestedFunctions)
                {
                    if (graph.OriginalOperation is IFlowAnonymousFunctionOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        return null;
                    }

                    foreach (var descendant in graph.OriginalOperation.Descendants())
                    {
                        if (descendant is IAssignmentOperation { Target: ILocalReferenceOperation { Local: var written } } && candidates.ContainsKey(written))
                        {
                            candidates[written] = null;
                        }
                        else if (descendant is IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation { Local: var passed } } && candidates.ContainsKey(passed))
                        {
                            candidates[passed] = null;
                        }
                    }
                }

                var statusLocals = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
                foreach (var pair in candidates)
                {
                    if (pair.Value is { } status)
                    {
                        statusLocals[pair.Key] = status;
                    }
                }

                return statusLocals;
            }

            public bool IsCompleteAt(TaskPlace place, IOperation spot, KnownSymbols symbols)
            {
                var entryStates = solutions.GetOrAdd(place, p => Solve(p, symbols));
                foreach (var block in graph.Blocks)
                {
                    if (!block.IsReachable)
                    {
                        continue;
                    }

                    var state = entryStates[block.Ordinal];
                    foreach (var operation in BlockOperations(block))
                    {
                        if (Contains(operation, spot))
                        {
                            Walk(operation, ref state, place, symbols, spot);
                            return state;
                        }

                        Walk(operation, ref state, place, symbols, stop: null);
                    }
                }

                return false;
            }

            private static bool Contains(IOperation operation, IOperation spot)
            {
                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    if (descendant.Syntax == spot.Syntax && descendant.Kind == spot.Kind)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
