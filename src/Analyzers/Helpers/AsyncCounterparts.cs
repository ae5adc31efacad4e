using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// The async counterpart of a synchronous method (rules.md, ASYNC031; also the CS4008 fix): a method named <c>MAsync</c>
    /// on the same type, a base type or an extension in scope, whose parameters are the same types in the same order (one
    /// extra trailing CancellationToken allowed), and which returns an awaitable whose result is what <c>M</c> returns
    /// (<c>void</c> ↔ Task/ValueTask). Never an <c>[Obsolete]</c> one, an inaccessible one, nor the function the call sits in
    /// (an <c>MAsync</c> that calls <c>M</c> must not be told to call itself).
    /// </summary>
    internal static class AsyncCounterparts
    {
        /// <param name="containingFunction">Where the call is; neither it, nor a function enclosing it, nor a method they override is suggested.</param>
        /// <param name="preferToken">With a token in scope, prefer the overload that takes one; otherwise the one that does not.</param>
        /// <param name="receiverType">For an extension method called as one, the type of the receiver as written (an
        /// <c>IQueryable&lt;T&gt;</c> whose <c>ToList</c> comes from <c>IEnumerable&lt;T&gt;</c>): its extensions are searched.</param>
        public static IMethodSymbol? Find(IMethodSymbol method, SemanticModel semanticModel, int position, KnownSymbols symbols, ISymbol? containingFunction, bool preferToken = false, CancellationToken cancellationToken = default, ITypeSymbol? receiverType = null)
        {
            if (method.Name.EndsWith("Async", System.StringComparison.Ordinal) || method.ContainingType is null)
            {
                return null;
            }

            // An extension method in its static form (as operations hold it) is compared as called: without its 'this' parameter.
            var asExtension = receiverType is not null && method.IsExtensionMethod && method.ReducedFrom is null && !method.Parameters.IsEmpty;
            var container = asExtension || method.ReducedFrom is not null ? receiverType ?? method.ReceiverType : method.ContainingType;
            var parameters = asExtension ? method.Parameters.RemoveAt(0) : method.Parameters;
            var isStatic = !asExtension && method.IsStatic;
            IMethodSymbol? fallback = null;
            foreach (var symbol in semanticModel.LookupSymbols(position, container: container, name: method.Name + "Async", includeReducedExtensionMethods: true))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (symbol is not IMethodSymbol candidate || candidate.IsStatic != isStatic || candidate.Arity != method.Arity)
                {
                    continue;
                }

                // A generic definition takes the call's type arguments; a reduced extension comes back with them inferred already
                // (constructing it again would throw).
                if (candidate.Arity > 0 && SymbolEqualityComparer.Default.Equals(candidate.ConstructedFrom, candidate))
                {
                    candidate = candidate.Construct(method.TypeArguments.ToArray());
                }

                if (IsObsolete(candidate)
                    || IsCallSiteItself(candidate, containingFunction)
                    || !ParametersMatch(parameters, candidate, symbols)
                    || !ResultMatches(method, candidate, symbols))
                {
                    continue;
                }

                // One parameter more than the method: the trailing CancellationToken.
                if ((candidate.Parameters.Length == parameters.Length + 1) == preferToken)
                {
                    return candidate;
                }

                fallback ??= candidate;
            }

            return fallback;
        }

        /// <summary>
        /// True when the candidate has the name of the function the call sits in, or of one enclosing it (a lambda inside
        /// <c>ReadAsync</c>). Any overload counts: overloads of one name forward to each other (<c>Stream.FlushAsync()</c> calls
        /// <c>FlushAsync(CancellationToken)</c>), so inside an override of one, suggesting another would make the code call itself.
        /// </summary>
        private static bool IsCallSiteItself(IMethodSymbol candidate, ISymbol? containingFunction)
        {
            for (var function = containingFunction as IMethodSymbol; function is not null; function = function.ContainingSymbol as IMethodSymbol)
            {
                if (function.Name == candidate.Name)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ParametersMatch(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, IMethodSymbol candidate, KnownSymbols symbols)
        {
            var extra = candidate.Parameters.Length - parameters.Length;
            if (extra is not (0 or 1) || (extra == 1 && !symbols.IsCancellationToken(candidate.Parameters[candidate.Parameters.Length - 1].Type)))
            {
                return false;
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                var expected = parameters[i];
                var actual = candidate.Parameters[i];
                if (expected.RefKind != actual.RefKind || !SymbolEqualityComparer.Default.Equals(expected.Type, actual.Type))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The counterpart's awaited result equals the method's return: void ↔ Task/ValueTask, T ↔ Task&lt;T&gt;/ValueTask&lt;T&gt;.</summary>
        private static bool ResultMatches(IMethodSymbol method, IMethodSymbol candidate, KnownSymbols symbols)
        {
            if (candidate.ReturnType is not INamedTypeSymbol returnType)
            {
                return false;
            }

            var definition = returnType.OriginalDefinition;
            if (method.ReturnsVoid)
            {
                return SymbolEqualityComparer.Default.Equals(definition, symbols.Task) || SymbolEqualityComparer.Default.Equals(definition, symbols.ValueTask);
            }

            return (SymbolEqualityComparer.Default.Equals(definition, symbols.TaskOfT) || SymbolEqualityComparer.Default.Equals(definition, symbols.ValueTaskOfT))
                && SymbolEqualityComparer.Default.Equals(returnType.TypeArguments[0], method.ReturnType);
        }

        private static bool IsObsolete(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace.Name: "System" })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
