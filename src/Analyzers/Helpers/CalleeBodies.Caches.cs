using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CalleeBodies
    {
        /// <summary>The per-compilation answers about callees.</summary>
        internal sealed class Caches
        {
            public ConcurrentDictionary<IMethodSymbol, int> AssertedParameter { get; } = new(SymbolEqualityComparer.Default);

            public ConcurrentDictionary<IMethodSymbol, bool> NeverReturns { get; } = new(SymbolEqualityComparer.Default);

            /// <summary>Per method: what its body calls on its own object or statically (<see cref="AsyncCounterparts.CouldBindBack"/>).</summary>
            public ConcurrentDictionary<IMethodSymbol, System.Collections.Immutable.ImmutableHashSet<IMethodSymbol>> CallsOnOwnObject { get; } = new(SymbolEqualityComparer.Default);

            /// <summary>
            /// Per method and flags: the calls its sync path awaits with the flag (default: it awaits something else). Lazy, so
            /// that a body two threads reach at once is read once: measured on npgsql, 3 to 12 % of the bodies were read twice
            /// under concurrent analysis with a plain GetOrAdd.
            /// </summary>
            public ConcurrentDictionary<DualPathCalls.Key, Lazy<ImmutableArray<DualPathCalls.Key>>> DualPathBodies { get; } = new();

            /// <summary>Per method and flags entered: whether the call completes synchronously (lazy for the same reason).</summary>
            public ConcurrentDictionary<DualPathCalls.Key, Lazy<bool>> DualPathAnswers { get; } = new();

            /// <summary>Per static readonly task field: whether it is initialised with a finished task (<see cref="CompletedTasks.IsPrecompletedField"/>).</summary>
            public ConcurrentDictionary<IFieldSymbol, bool> PrecompletedFields { get; } = new(SymbolEqualityComparer.Default);

            /// <summary>Per virtual or abstract method: the bodies a call may run (<see cref="ImplementationsOf"/>).</summary>
            public ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> Implementations { get; } = new(SymbolEqualityComparer.Default);

            private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>? derivedTypes;

            /// <summary>Per class of the compilation's source (its original definition), the classes that name it as their base.</summary>
            public Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> DerivedTypes(Compilation compilation)
            {
                var known = System.Threading.Volatile.Read(ref derivedTypes);
                if (known is not null)
                {
                    return known;
                }

                var map = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
                var namespaces = new Stack<INamespaceSymbol>();
                var types = new Stack<INamedTypeSymbol>();
                namespaces.Push(compilation.Assembly.GlobalNamespace);
                while (namespaces.Count > 0)
                {
                    var current = namespaces.Pop();
                    foreach (var nested in current.GetNamespaceMembers())
                    {
                        namespaces.Push(nested);
                    }

                    foreach (var type in current.GetTypeMembers())
                    {
                        types.Push(type);
                    }
                }

                while (types.Count > 0)
                {
                    var type = types.Pop();
                    foreach (var nested in type.GetTypeMembers())
                    {
                        types.Push(nested);
                    }

                    if (type.TypeKind == TypeKind.Class && type.BaseType is { } baseType)
                    {
                        var key = baseType.OriginalDefinition;
                        if (!map.TryGetValue(key, out var list))
                        {
                            map[key] = list = new List<INamedTypeSymbol>();
                        }

                        list.Add(type);
                    }
                }

                return System.Threading.Interlocked.CompareExchange(ref derivedTypes, map, null) ?? map;
            }
        }
    }
}
