using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// Looks into the body of a method called from the code being analysed, when that body is in the same compilation and
    /// the call can only reach it (no virtual dispatch). Each answer is cached per compilation, so every callee is bound once.
    /// Only the completion proofs ask, and only for a wait that would otherwise be reported.
    /// </summary>
    internal static class CalleeBodies
    {
        private static readonly ConditionalWeakTable<Compilation, Caches> CacheTable = new();

        internal static Caches For(Compilation compilation) => CacheTable.GetValue(compilation, _ => new Caches());

        /// <summary>
        /// The body of <paramref name="method"/> (its original definition) when the compilation has its source and a call
        /// binds to exactly this body: a method that is not abstract, virtual, an overridable override, extern or an interface
        /// member, or a local function (of a method, constructor or accessor). A method's body is its
        /// <see cref="IMethodBodyOperation"/>; a local function's, the block of its body.
        /// </summary>
        public static IOperation? BodyOf(IMethodSymbol method, Compilation compilation, bool declared = false)
        {
            if (!CanLookInto(method, compilation, declared))
            {
                return null;
            }

            var reference = Definition(method).DeclaringSyntaxReferences[0];

            // Looking into another member's body needs that tree's model. The compiler shares one model per tree among
            // analyzers, so the binding is the one the operation actions use; the answers are cached per compilation (above).
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
            var model = compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
            return model.GetOperation(reference.GetSyntax()) switch
            {
                IMethodBodyOperation body => body,
                ILocalFunctionOperation local => local.Body,
                _ => null,
            };
        }

        /// <summary>The control-flow graph of <paramref name="method"/>'s body (a local function's is taken from its container's).</summary>
        public static ControlFlowGraph? GraphOf(IMethodSymbol method, Compilation compilation, bool declared = false)
        {
            method = Definition(method);
            if (!CanLookInto(method, compilation, declared))
            {
                return null;
            }

            var chain = new List<IMethodSymbol>();
            var outer = method;
            while (outer.MethodKind == MethodKind.LocalFunction && outer.ContainingSymbol is IMethodSymbol container)
            {
                chain.Add(outer);
                outer = container;
            }

            if (outer.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var reference = outer.DeclaringSyntaxReferences[0];
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
            var model = compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
            var root = model.GetOperation(reference.GetSyntax());
            var graph = root is IMethodBodyOperation or IConstructorBodyOperation ? CompletionFlow.GraphOfRoot(root) : null;
            for (var i = chain.Count - 1; i >= 0 && graph is not null; i--)
            {
                graph = graph.LocalFunctions.Contains(chain[i]) ? graph.GetLocalFunctionControlFlowGraph(chain[i]) : null;
            }

            return graph;
        }

        /// <summary>
        /// The symbol-only half of <see cref="BodyOf"/>, which binds nothing: true when that body can be read. With
        /// <paramref name="declared"/>, also a virtual method or an override that has a body of its own: the body the call
        /// names, which an override elsewhere may replace (the caller decides what that is worth).
        /// </summary>
        public static bool CanLookInto(IMethodSymbol method, Compilation compilation, bool declared = false)
        {
            method = Definition(method);
            if (method.MethodKind == MethodKind.LocalFunction)
            {
                // Its container must be a member whose body has a graph (not a lambda).
                var outer = method.ContainingSymbol;
                while (outer is IMethodSymbol { MethodKind: MethodKind.LocalFunction } local)
                {
                    outer = local.ContainingSymbol;
                }

                if (outer is not IMethodSymbol { MethodKind: not (MethodKind.AnonymousFunction or MethodKind.LambdaMethod) })
                {
                    return false;
                }
            }
            else if (method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsExtern
                || (!declared && (method.IsVirtual || (method.IsOverride && !method.IsSealed && method.ContainingType is { IsSealed: false })))
                || method.ContainingType is null or { TypeKind: TypeKind.Interface })
            {
                return false;
            }

            return method.DeclaringSyntaxReferences.Length == 1
                && compilation.ContainsSyntaxTree(method.DeclaringSyntaxReferences[0].SyntaxTree);
        }

        /// <summary>
        /// Every body a call to the virtual or abstract <paramref name="method"/> may run, when code outside this compilation
        /// cannot add one: the method's own body (unless abstract) and that of each override in the compilation. Outside code
        /// cannot override when the method is <c>internal</c> or <c>private protected</c> (friend assemblies, usually tests,
        /// are assumed not to), or when no type that carries it unsealed can be derived from outside (the type is sealed, not
        /// visible outside, or has no constructor visible outside). Default when outside code may override, when there is no
        /// body at all, or when one of them cannot be read. The search over the compilation's types runs once per compilation,
        /// and only for a method that reached the question.
        /// </summary>
        public static ImmutableArray<IMethodSymbol> ImplementationsOf(IMethodSymbol method, Compilation compilation)
        {
            method = Definition(method);
            if (!(method.IsVirtual || method.IsAbstract || method.IsOverride) || method.MethodKind != MethodKind.Ordinary
                || method.ContainingType is not { TypeKind: TypeKind.Class } || method.IsExtern)
            {
                return default;
            }

            var caches = For(compilation);
            return caches.Implementations.GetOrAdd(method, m => FindImplementations(m, compilation, caches));
        }

        private static ImmutableArray<IMethodSymbol> FindImplementations(IMethodSymbol method, Compilation compilation, Caches caches)
        {
            var closedByAccess = method.DeclaredAccessibility is Accessibility.Internal or Accessibility.ProtectedAndInternal;
            if (!closedByAccess && !method.IsSealed && !CannotBeDerivedOutside(method.ContainingType))
            {
                return default;
            }

            var result = ImmutableArray.CreateBuilder<IMethodSymbol>();
            if (!method.IsAbstract)
            {
                result.Add(method);
            }

            // The types derived from the method's type, nearest first; in each, the override it declares (if any).
            var derived = caches.DerivedTypes(compilation);
            var pending = new Queue<(INamedTypeSymbol Type, bool Sealed)>();
            pending.Enqueue((method.ContainingType.OriginalDefinition, method.IsSealed));
            while (pending.Count > 0)
            {
                var (type, sealedAbove) = pending.Dequeue();
                if (!derived.TryGetValue(type, out var children))
                {
                    continue;
                }

                foreach (var child in children)
                {
                    var sealedHere = sealedAbove;
                    foreach (var member in child.GetMembers(method.Name))
                    {
                        if (member is IMethodSymbol { IsOverride: true } candidate && Overrides(candidate, method))
                        {
                            if (sealedAbove)
                            {
                                return default; // cannot happen in code that compiles
                            }

                            if (!candidate.IsAbstract)
                            {
                                if (!CanLookInto(candidate, compilation, declared: true))
                                {
                                    return default;
                                }

                                result.Add(Definition(candidate));
                            }

                            sealedHere |= candidate.IsSealed;
                        }
                    }

                    if (!closedByAccess && !sealedHere && !CannotBeDerivedOutside(child))
                    {
                        return default;
                    }

                    if (result.Count > DualPathCalls.MaxBodies)
                    {
                        return default;
                    }

                    pending.Enqueue((child, sealedHere));
                }
            }

            return result.Count == 0 ? default : result.ToImmutable();
        }

        private static bool Overrides(IMethodSymbol candidate, IMethodSymbol method)
        {
            for (var current = candidate.OverriddenMethod; current is not null; current = current.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, method))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A class outside code cannot derive from: sealed or static, not visible outside, or every constructor hidden.</summary>
        private static bool CannotBeDerivedOutside(INamedTypeSymbol type)
        {
            if (type.IsSealed || type.IsStatic || type.TypeKind != TypeKind.Class)
            {
                return true;
            }

            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (current.DeclaredAccessibility is Accessibility.Internal or Accessibility.Private or Accessibility.ProtectedAndInternal)
                {
                    return true;
                }
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                if (constructor.DeclaredAccessibility is not (Accessibility.Internal or Accessibility.Private or Accessibility.ProtectedAndInternal))
                {
                    return false;
                }
            }

            return true;
        }

        private static IMethodSymbol Definition(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            return method.PartialImplementationPart ?? method;
        }

        /// <summary>
        /// For a <c>bool</c> helper whose every <c>return</c> says its task parameter is complete (<c>task.IsCompletedSuccessfully</c>,
        /// <c>task.Status == TaskStatus.RanToCompletion</c>, <c>task.Wait(timeout)</c>) or returns <c>false</c>: that parameter's
        /// ordinal; otherwise -1. Looks one level deep only (a helper calling another helper proves nothing).
        /// </summary>
        public static int CompletionAssertedParameter(IMethodSymbol method, KnownSymbols symbols)
        {
            if (method.ReturnType.SpecialType != SpecialType.System_Boolean || method.Parameters.IsEmpty)
            {
                return -1;
            }

            var definition = method.OriginalDefinition;
            return For(symbols.Compilation).AssertedParameter.GetOrAdd(definition, m => FindAssertedParameter(m, symbols));
        }

        /// <summary>
        /// True when a call to <paramref name="method"/> cannot return: it has <c>[DoesNotReturn]</c> (by name, so polyfills count),
        /// or its body ends in a <c>throw</c> on every path (looked into one level).
        /// </summary>
        public static bool NeverReturns(IMethodSymbol method, KnownSymbols symbols)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "DoesNotReturnAttribute" } type
                    && type.ContainingNamespace?.ToDisplayString() == "System.Diagnostics.CodeAnalysis")
                {
                    return true;
                }
            }

            if (!method.ReturnsVoid || method.IsAsync)
            {
                return false;
            }

            return For(symbols.Compilation).NeverReturns.GetOrAdd(
                method.OriginalDefinition, m => GraphOf(m, symbols.Compilation) is { } graph && !graph.Blocks[graph.Blocks.Length - 1].IsReachable);
        }

        private static int FindAssertedParameter(IMethodSymbol method, KnownSymbols symbols)
        {
            if (BodyOf(method, symbols.Compilation) is not { } body)
            {
                return -1;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind == RefKind.None && symbols.IsTaskLike(parameter.Type) && EveryReturnAsserts(body, parameter, symbols))
                {
                    return parameter.Ordinal;
                }
            }

            return -1;
        }

        private static bool EveryReturnAsserts(IOperation body, IParameterSymbol parameter, KnownSymbols symbols)
        {
            var place = TaskPlace.ForVariable(parameter);
            var asserting = false;
            foreach (var operation in body.Descendants())
            {
                if (operation is IReturnOperation { ReturnedValue: { } value } && !IsInsideNestedFunction(operation, body))
                {
                    if (value.ConstantValue is { HasValue: true, Value: false })
                    {
                        continue;
                    }

                    if (CompletionFlow.Asserts(value, place, symbols, resolve: null, lookIntoHelpers: false) != CompletionFlow.Polarity.WhenTrue)
                    {
                        return false;
                    }

                    asserting = true;
                }
                else if (place.IsWrittenBy(operation))
                {
                    return false;
                }
            }

            return asserting;
        }

        private static bool IsInsideNestedFunction(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The per-compilation answers about callees.</summary>
        internal sealed class Caches
        {
            public ConcurrentDictionary<IMethodSymbol, int> AssertedParameter { get; } = new(SymbolEqualityComparer.Default);

            public ConcurrentDictionary<IMethodSymbol, bool> NeverReturns { get; } = new(SymbolEqualityComparer.Default);

            /// <summary>Per method: what its body calls on its own object or statically (<see cref="AsyncCounterparts.CouldBindBack"/>).</summary>
            public ConcurrentDictionary<IMethodSymbol, System.Collections.Immutable.ImmutableHashSet<IMethodSymbol>> CallsOnOwnObject { get; } = new(SymbolEqualityComparer.Default);

            /// <summary>Per method and flags: the calls its sync path awaits with the flag (default: it awaits something else).</summary>
            public ConcurrentDictionary<DualPathCalls.Key, System.Collections.Immutable.ImmutableArray<DualPathCalls.Key>> DualPathBodies { get; } = new();

            /// <summary>Per method and flags entered: whether the call completes synchronously.</summary>
            public ConcurrentDictionary<DualPathCalls.Key, bool> DualPathAnswers { get; } = new();

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
