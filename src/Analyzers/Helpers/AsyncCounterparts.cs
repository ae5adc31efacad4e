using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// The async counterpart of a synchronous method (docs/rules/ASYNC031.md; also the CS4008 fix): a method named <c>MAsync</c>
    /// on the same type, a base type or an extension in scope, whose parameters are the same types in the same order (one
    /// extra trailing CancellationToken allowed), and which returns an awaitable whose result is what <c>M</c> returns
    /// (<c>void</c> ↔ Task/ValueTask; a parameter the method takes <c>in</c> may be taken by value). Never an <c>[Obsolete]</c>
    /// one, an inaccessible one, nor one that could bind back to the function the call sits in (an <c>MAsync</c> that calls
    /// <c>M</c> must not be told to call itself; <see cref="CouldBindBack"/>).
    /// </summary>
    internal static class AsyncCounterparts
    {
        /// <param name="containingFunction">Where the call is; no candidate that could bind back to it or to a function enclosing
        /// it is suggested (<see cref="CouldBindBack"/>, which needs <paramref name="call"/>).</param>
        /// <param name="call">The call, whose receiver decides whether a candidate could bind back to <paramref name="containingFunction"/>.</param>
        /// <param name="preferToken">With a token in scope, prefer the overload that takes one; otherwise the one that does not.</param>
        /// <param name="receiverType">For an extension method called as one, the type of the receiver as written (an
        /// <c>IQueryable&lt;T&gt;</c> whose <c>ToList</c> comes from <c>IEnumerable&lt;T&gt;</c>): its extensions are searched.</param>
        public static IMethodSymbol? Find(IMethodSymbol method, SemanticModel semanticModel, int position, KnownSymbols symbols, ISymbol? containingFunction, SyntaxNode? call = null, bool preferToken = false, CancellationToken cancellationToken = default, ITypeSymbol? receiverType = null)
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
                    || (containingFunction is not null && CouldBindBack(candidate, call, containingFunction))
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
        /// True when calling <paramref name="counterpart"/> in place of <paramref name="call"/> could land back in the function the
        /// call sits in (<paramref name="containingFunction"/>) or one enclosing it (a lambda inside <c>ReadAsync</c>): the
        /// counterpart is that function itself or one it overrides, or it has that function's name and the call has no receiver,
        /// or <c>this</c>/<c>base</c>, or is a static call on the function's type or a base of it. Any overload of the name counts
        /// then: overloads of one name forward to each other (<c>Stream.ReadAsync(b, o, c)</c> calls <c>ReadAsync(b, o, c,
        /// token)</c>), so inside an override of one, suggesting another would make the code call itself. A call on another object
        /// (<c>reader.Read()</c> inside a method that happens to be named <c>ReadAsync</c>) lands elsewhere.
        /// </summary>
        public static bool CouldBindBack(IMethodSymbol counterpart, SyntaxNode? call, ISymbol containingFunction)
        {
            var definition = (counterpart.ReducedFrom ?? counterpart).OriginalDefinition;
            var callee = (call as InvocationExpressionSyntax)?.Expression;
            for (var function = containingFunction as IMethodSymbol; function is not null; function = function.ContainingSymbol as IMethodSymbol)
            {
                for (var overridden = function; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, definition))
                    {
                        return true;
                    }
                }

                if (function.Name != counterpart.Name || function.MethodKind == MethodKind.AnonymousFunction)
                {
                    continue;
                }

                // A simple name binds to the innermost function of that name: a local function, else a member.
                var isMember = function.MethodKind != MethodKind.LocalFunction;
                switch (callee)
                {
                    case SimpleNameSyntax:
                    case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } when isMember:
                    case MemberAccessExpressionSyntax when isMember && counterpart is { IsStatic: true, IsExtensionMethod: false } && InheritsFrom(function.ContainingType, counterpart.ContainingType):
                        return true;
                }
            }

            return false;
        }

        private static bool InheritsFrom(INamedTypeSymbol? type, INamedTypeSymbol? baseType)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType?.OriginalDefinition))
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
                // 'in' only passes by reference what the counterpart takes by value (an async method cannot take 'in', CS1988).
                var refKindMatches = expected.RefKind == actual.RefKind || (expected.RefKind == RefKind.In && actual.RefKind == RefKind.None);
                if (!refKindMatches || !SymbolEqualityComparer.Default.Equals(expected.Type, actual.Type))
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
