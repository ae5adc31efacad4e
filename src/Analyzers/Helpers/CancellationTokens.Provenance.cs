using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CancellationTokens
    {
        /// <summary>
        /// Whether a value is a token of this call or of this object's lifetime, looking through locals to where they were set.
        /// </summary>
        private sealed class Provenance
        {
            private readonly SemanticModel semanticModel;
            private readonly KnownSymbols symbols;
            private readonly List<IMethodSymbol> functions;
            private readonly CancellationToken cancellationToken;

            public Provenance(SemanticModel semanticModel, KnownSymbols symbols, List<IMethodSymbol> functions, CancellationToken cancellationToken)
            {
                this.semanticModel = semanticModel;
                this.symbols = symbols;
                this.functions = functions;
                this.cancellationToken = cancellationToken;
                SourceToken = symbols.CancellationTokenSourceToken;
            }

            /// <summary><c>CancellationTokenSource.Token</c>.</summary>
            public IPropertySymbol? SourceToken { get; }

            /// <summary>
            /// A parameter of an enclosing function, a property of one (<c>context.RequestAborted</c>), a local set from such a
            /// token, the <c>Token</c> of a source this call made or was handed, or a readonly token member of this object.
            /// </summary>
            public bool IsOwnToken(IOperation? value, int depth)
            {
                switch (Unwrap(value))
                {
                    case IParameterReferenceOperation parameter:
                        return IsEnclosingParameter(parameter.Parameter);
                    case ILocalReferenceOperation local:
                        return depth < MaxDepth && IsEnclosingLocal(local.Local) && IsOwnToken(ValueOf(local.Local), depth + 1);
                    case IFieldReferenceOperation field:
                        return IsThis(field.Instance) && IsReadOnlyMember(field.Field);
                    case IPropertyReferenceOperation { Instance: { } instance } property:
                        if (SymbolEqualityComparer.Default.Equals(property.Property, SourceToken))
                        {
                            return IsOwnSource(instance, depth);
                        }

                        if (IsThis(instance))
                        {
                            return IsReadOnlyMember(property.Property);
                        }

                        return Unwrap(instance) is IParameterReferenceOperation owner && IsEnclosingParameter(owner.Parameter) && !IsException(owner.Type, symbols)
                            && IsPublishedToken(property.Property, symbols);
                    default:
                        return false;
                }
            }

            /// <summary>A local <c>CancellationTokenSource.CreateLinkedTokenSource(..)</c> with one of this call's tokens among its arguments.</summary>
            public bool IsLinkedToOwnToken(IOperation? value)
            {
                if (Unwrap(value) is not IInvocationOperation { TargetMethod.Name: "CreateLinkedTokenSource" } link
                    || !SymbolEqualityComparer.Default.Equals(link.TargetMethod.ContainingType, symbols.CancellationTokenSource))
                {
                    return false;
                }

                foreach (var argument in link.Arguments)
                {
                    if (argument.Value is IArrayCreationOperation { Initializer: { } elements })
                    {
                        foreach (var element in elements.ElementValues)
                        {
                            if (IsOwnToken(element, 1))
                            {
                                return true;
                            }
                        }
                    }
                    else if (symbols.IsCancellationToken(argument.Parameter?.Type) && IsOwnToken(argument.Value, 1))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>A source this call made (<c>new CancellationTokenSource(..)</c>, a linked one) or was handed, or a readonly one of this object.</summary>
            private bool IsOwnSource(IOperation instance, int depth)
            {
                switch (Unwrap(instance))
                {
                    case IParameterReferenceOperation parameter:
                        return IsEnclosingParameter(parameter.Parameter);
                    case ILocalReferenceOperation local when depth < MaxDepth && IsEnclosingLocal(local.Local):
                        var value = Unwrap(ValueOf(local.Local));
                        return value is IObjectCreationOperation creation && SymbolEqualityComparer.Default.Equals(creation.Type, symbols.CancellationTokenSource)
                            || IsLinkedToOwnToken(value);
                    case IFieldReferenceOperation field:
                        return IsThis(field.Instance) && IsReadOnlyMember(field.Field);
                    case IPropertyReferenceOperation property:
                        return IsThis(property.Instance) && IsReadOnlyMember(property.Property);
                    default:
                        return false;
                }
            }

            private bool IsEnclosingParameter(IParameterSymbol parameter) => IndexOf(functions, parameter.ContainingSymbol) >= 0;

            private bool IsEnclosingLocal(ILocalSymbol local) => IndexOf(functions, local.ContainingSymbol) >= 0;

            /// <summary>The value a local was declared with (null when it has none, or is a foreach or pattern variable).</summary>
            private IOperation? ValueOf(ILocalSymbol local)
            {
                foreach (var reference in local.DeclaringSyntaxReferences)
                {
                    if (reference.SyntaxTree == semanticModel.SyntaxTree
                        && reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value })
                    {
                        return semanticModel.GetOperation(value, cancellationToken);
                    }
                }

                return null;
            }

            private static bool IsThis(IOperation? instance)
                => Unwrap(instance) is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };
        }

        private static IOperation? Unwrap(IOperation? operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            {
                operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
            }

            return operation;
        }
    }
}
