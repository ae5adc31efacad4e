using System.Collections.Generic;
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
    internal static partial class CalleeBodies
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
    }
}
