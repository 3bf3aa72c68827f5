import { readFileSync } from 'node:fs';
import { ParseOption, XmlDocument, XmlLibError, XsdValidator, type ErrorDetail } from 'libxml2-wasm';
import type { ValidationResult } from '../validators.ts';
import { VEEAM_NAMESPACE, VEEAM_XSD_PATH } from './load.ts';

export interface XmlValidationOptions {
  /**
   * The local name(s) the root element may have (see veeamXmlRoots); without it the XSD accepts any of its documents,
   * an EntityRef where an entity was asked for included.
   */
  root?: string | readonly string[];
}

/** Validates Enterprise Manager XML documents against specs/veeam/enterprise-manager.xsd. */
export interface VeeamXmlValidator {
  /** Well-formedness, then the namespace and name of the root, then the XSD; every problem as one readable line. */
  validate(xml: string, options?: XmlValidationOptions): ValidationResult;
}

/** No network, no external entities: answers come from the target under test and are not trusted. */
const PARSE_OPTIONS = { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE };

interface Compiled extends VeeamXmlValidator {
  release(): void;
}

const validators = new Map<string, Compiled>();

/**
 * The XSD validator, compiled once per schema file and kept for the life of the process.
 * @remarks The schema document and the compiled schema stay in wasm memory while the validator is cached (the
 * compiled schema points into its document); every parsed answer is freed right after its validation.
 */
export function veeamXmlValidator(xsdPath: string = VEEAM_XSD_PATH): VeeamXmlValidator {
  let validator = validators.get(xsdPath);
  if (!validator) {
    validator = compile(xsdPath);
    validators.set(xsdPath, validator);
  }
  return validator;
}

/** Frees the compiled schemas and their documents; the next veeamXmlValidator() call compiles again. */
export function releaseVeeamXmlValidators(): void {
  for (const validator of validators.values()) validator.release();
  validators.clear();
}

/** Validates one document against the suite's Veeam XSD. */
export function validateXml(xml: string, options?: XmlValidationOptions): ValidationResult {
  return veeamXmlValidator().validate(xml, options);
}

function compile(xsdPath: string): Compiled {
  const schemaDoc = XmlDocument.fromString(readFileSync(xsdPath, 'utf8'), { ...PARSE_OPTIONS, url: xsdPath });
  let xsd: XsdValidator;
  try {
    xsd = XsdValidator.fromDoc(schemaDoc);
  } catch (error) {
    schemaDoc.dispose();
    throw new Error(`${xsdPath} is not a valid XML Schema:\n${lines(error).join('\n')}`);
  }
  return {
    release() {
      xsd.dispose();
      schemaDoc.dispose();
    },
    validate(xml, options = {}) {
      let doc: XmlDocument;
      try {
        doc = XmlDocument.fromString(xml, PARSE_OPTIONS);
      } catch (error) {
        return { valid: false, errors: lines(error).map((line) => `not well-formed: ${line}`) };
      }
      try {
        const errors: string[] = [];
        const root = doc.root;
        if (root.namespaceUri !== VEEAM_NAMESPACE) {
          errors.push(`line ${root.line}: the root element ${root.name} is in the namespace "${root.namespaceUri}", not "${VEEAM_NAMESPACE}"`);
        }
        const local = root.name.includes(':') ? root.name.slice(root.name.indexOf(':') + 1) : root.name;
        const roots = options.root === undefined ? [] : typeof options.root === 'string' ? [options.root] : options.root;
        if (roots.length > 0 && !roots.includes(local)) errors.push(`line ${root.line}: the root element is ${local}, expected ${roots.join(' or ')}`);
        if (errors.length === 0) {
          try {
            xsd.validate(doc);
          } catch (error) {
            errors.push(...lines(error));
          }
        }
        return { valid: errors.length === 0, errors };
      } finally {
        doc.dispose();
      }
    },
  };
}

/** libxml2's diagnostics as `line N: message`, with the Veeam namespace left out of element names. */
function lines(error: unknown): string[] {
  if (!(error instanceof XmlLibError)) throw error;
  const details: ErrorDetail[] = error.details.length > 0 ? error.details : [{ message: error.message, level: 2, line: 0, col: 0 }];
  return details.map((detail) => {
    const message = detail.message.trim().replaceAll(`{${VEEAM_NAMESPACE}}`, '');
    const where = detail.col > 0 ? `line ${detail.line}, column ${detail.col}` : `line ${detail.line}`;
    return `${where}: ${message}`;
  });
}
