"""The domain vocabulary of security questionnaires: phrases that mean the same thing, in English and
Swedish, folded into one concept term before matching.

Two tiers, on purpose:

- SYNONYMS are equivalents ("2FA" = "multi-factor authentication" = "flerfaktorsautentisering"). They
  become the same term, so they count fully when the engine decides whether a question is answered.
- RELATED links concepts that belong to one topic but are not the same claim (HIPAA / BAA / PHI,
  PCI DSS / cardholder data, SSO / SAML / identity provider). They only widen the search for
  candidate facts and suggestions: "Do you sign a BAA?" must find the HIPAA stance, but must never
  take the answer of "Are you HIPAA compliant?".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

# concept: {"en": [...], "sv": [...], "*": [... in both]}
SYNONYMS: dict[str, dict[str, list[str]]] = {
    "mfa": {"*": ["mfa", "2fa", "2-fa"],
            "en": ["two-factor authentication", "two factor authentication", "two-factor", "two factor",
                   "2-step verification", "two-step verification", "two step verification", "multi-factor",
                   "multi factor", "multifactor", "multi-factor authentication", "multifactor authentication",
                   "strong authentication", "second factor"],
            "sv": ["flerfaktorsautentisering", "tvåfaktorsautentisering", "multifaktorautentisering",
                   "tvåstegsverifiering", "tvåfaktorsinloggning", "stark autentisering", "flerfaktorsinloggning"]},
    "sso": {"*": ["sso"],
            "en": ["single sign-on", "single sign on", "single signon", "singlesignon"],
            "sv": ["enkel inloggning", "single sign-on"]},
    "idp": {"*": ["idp"],
            "en": ["identity provider", "identity providers", "identity platform", "identity platforms"],
            "sv": ["identitetsleverantör", "identitetsleverantörer", "identitetsplattform", "identitetsplattformar"]},
    "saml": {"*": ["saml", "saml 2.0", "saml2"]},
    "oauth": {"*": ["oauth", "oauth 2.0", "oauth2", "openid connect", "oidc"]},
    "login": {"en": ["sign in", "sign-in", "signin", "log in", "log-in", "login", "logon", "log on", "sign on"],
              "sv": ["logga in", "loggar in", "loggas in", "inloggning", "inloggningen", "inloggningar"]},
    "authn": {"en": ["authentication", "authenticate", "authenticated", "authenticates"],
              "sv": ["autentisering", "autentiseras", "autentiserar", "autentisera", "autentiserade"]},
    "admin": {"en": ["administrator", "administrators", "admin", "admins", "administrative", "privileged user",
                     "privileged users", "sysadmin"],
              "sv": ["administratör", "administratörer", "administratörerna", "administrativ", "administrativa",
                     "administrativt", "admin", "privilegierade användare"]},
    "password": {"en": ["password", "passwords", "passphrase", "passphrases"],
                 "sv": ["lösenord", "lösenordet", "lösenorden", "lösenfras"]},
    "hipaa": {"*": ["hipaa", "hitech"],
              "en": ["health insurance portability and accountability act"]},
    "baa": {"*": ["baa", "baas"],
            "en": ["business associate agreement", "business associate agreements", "business associate addendum",
                   "business associate contract"],
            "sv": ["biträdesavtal enligt hipaa", "affärspartneravtal"]},
    "phi": {"*": ["phi", "ephi", "e-phi"],
            "en": ["protected health information", "electronic protected health information", "health information",
                   "health data", "medical data", "medical records", "patient data"],
            "sv": ["skyddad hälsoinformation", "hälsoinformation", "hälsodata", "hälsouppgifter", "patientuppgifter",
                   "patientdata", "journaluppgifter"]},
    "pci": {"*": ["pci", "pci dss", "pci-dss", "pcidss"],
            "en": ["payment card industry data security standard", "payment card industry"]},
    "carddata": {"*": ["chd"],
                 "en": ["cardholder data", "card holder data", "card data", "credit card data", "credit card",
                        "credit cards", "credit card numbers", "credit card number", "credit card information",
                        "payment card data", "payment card", "payment cards", "card numbers", "card number",
                        "payment card information", "primary account number", "primary account numbers",
                        "card information", "debit card"],
                 "sv": ["kortdata", "kortuppgifter", "kortinnehavaruppgifter", "kortinnehavardata",
                        "betalkortsuppgifter", "betalkortsdata", "kreditkortsuppgifter", "kreditkortsnummer",
                        "kreditkort", "betalkort", "kortnummer", "kontokortsuppgifter", "kontokort"]},
    "cardpay": {"en": ["card payments", "card payment", "credit card payments"],
                "sv": ["kortbetalningar", "kortbetalning"]},
    "atrest": {"en": ["at rest", "at-rest", "in storage", "stored data"],
               "sv": ["i vila", "i lagring", "lagrade data", "lagrad data"]},
    "intransit": {"en": ["in transit", "in-transit", "in flight", "in motion", "over the network",
                         "over public networks", "during transmission", "during transfer"],
                  "sv": ["under överföring", "i överföring", "vid överföring", "under transport", "i transit"]},
    "encrypt": {"en": ["encrypt", "encrypted", "encrypts", "encryption", "encrypting", "cryptography",
                       "cryptographic"],
                "sv": ["kryptering", "krypterar", "krypteras", "krypterad", "krypterade", "krypterat", "kryptera",
                       "krypteringen", "kryptografi", "kryptografisk"]},
    "tls": {"*": ["tls", "ssl", "ssl/tls", "tls/ssl"],
            "en": ["transport layer security", "secure sockets layer"]},
    "keymgmt": {"en": ["key management", "key management service", "kms", "encryption keys", "encryption key",
                       "cryptographic keys"],
                "sv": ["nyckelhantering", "krypteringsnycklar", "krypteringsnyckel", "kms"]},
    "dpa": {"*": ["dpa", "dpas"],
            "en": ["data processing agreement", "data processing agreements", "data processing addendum",
                   "data protection agreement", "data processing terms"],
            "sv": ["pub-avtal", "pub avtal", "pubavtal", "personuppgiftsbiträdesavtal", "biträdesavtal",
                   "personuppgiftsbiträdesavtalet"]},
    "subprocessor": {"en": ["subprocessor", "subprocessors", "sub-processor", "sub-processors", "sub processor",
                            "sub processors"],
                     "sv": ["underbiträde", "underbiträden", "underbiträdet", "underbiträdena"]},
    "processor": {"en": ["data processor", "processor"],
                  "sv": ["personuppgiftsbiträde", "personuppgiftsbiträdet"]},
    "controller": {"en": ["data controller", "controller"],
                   "sv": ["personuppgiftsansvarig", "personuppgiftsansvarige"]},
    "pentest": {"*": ["pentest", "pentests", "pen test", "pen tests", "pen-test", "pen-tests"],
                "en": ["penetration test", "penetration tests", "penetration testing", "ethical hacking",
                       "pen testing"],
                "sv": ["penetrationstest", "penetrationstester", "penetrationstestning", "penetrationstestet"]},
    "scan": {"en": ["scan", "scans", "scanned", "scanning", "scanner", "scanners"],
             "sv": ["skanna", "skannar", "skannas", "skanning", "skanningar", "scanning", "skannade"]},
    "vulnerability+scan": {"sv": ["sårbarhetsskanning", "sårbarhetsskanningar", "sårbarhetsskanningen",
                                  "sårbarhetsscanning", "sårbarhetsskannrar"]},
    "vulnmgmt": {"en": ["vulnerability management"],
                 "sv": ["sårbarhetshantering", "sårbarhetshanteringen"]},
    "datacenter": {"en": ["data center", "data centers", "datacenter", "datacenters", "data-center",
                          "data-centers", "colocation facility", "colocation facilities", "server room",
                          "server rooms"],
                   "sv": ["datacenter", "datacentret", "datacentren", "datacentrets", "datacentrens",
                          "datacentra", "serverhall", "serverhallar", "serverrum", "driftcenter"]},
    "datahall": {"en": ["data hall", "data halls", "data center floor", "data center floors",
                        "data-center floor", "data-center floors", "server floor"],
                 "sv": ["datahall", "datahallen", "datahallar", "datahallarna"]},
    "backup": {"en": ["backup", "backups", "back up", "back-up", "back-ups", "backed up"],
               "sv": ["säkerhetskopia", "säkerhetskopior", "säkerhetskopiering", "säkerhetskopieras",
                      "säkerhetskopierar", "säkerhetskopiorna", "backup", "backuper"]},
    "dr": {"en": ["disaster recovery", "drp", "disaster recovery plan", "disaster recovery plans"],
           "sv": ["katastrofåterställning", "återställningsplan", "katastrofplan"]},
    "bcp": {"en": ["business continuity", "business continuity plan", "business continuity planning", "bcp",
                   "continuity plan"],
            "sv": ["kontinuitetsplanering", "kontinuitetsplan", "kontinuitetshantering", "verksamhetskontinuitet"]},
    "incidentresp": {"en": ["incident response", "incident management", "incident handling",
                            "incident response plan", "incident response process", "respond to incidents",
                            "responding to incidents", "respond to security incidents",
                            "responding to security incidents", "handle incidents", "handling incidents",
                            "handle security incidents", "handling security incidents", "manage incidents",
                            "managing incidents", "security incident handling", "incident response procedures"],
                     "sv": ["incidenthantering", "incidenthanteringen", "incidentberedskap", "incidentplan",
                            "hantera incidenter", "hantera säkerhetsincidenter", "hantering av incidenter",
                            "hantering av säkerhetsincidenter", "hanterar incidenter", "hanterar säkerhetsincidenter"]},
    "awareness": {"en": ["security awareness training", "security awareness", "awareness training",
                         "security training", "information security training", "privacy training",
                         "security and privacy training", "information security and privacy training"],
                  "sv": ["utbildning i säkerhetsmedvetenhet", "säkerhetsmedvetenhet", "säkerhetsutbildning",
                         "säkerhetsutbildningar", "medvetenhetsutbildning", "informationssäkerhetsutbildning"]},
    "background": {"en": ["background check", "background checks", "background screening",
                          "background screenings", "pre-employment screening", "criminal record check",
                          "criminal background check", "screening", "screened", "vetting", "vetted"],
                   "sv": ["bakgrundskontroll", "bakgrundskontroller", "registerkontroll", "registerkontroller",
                          "säkerhetsprövning", "bakgrundskontrolleras"]},
    "firewall": {"en": ["firewall", "firewalls", "firewalled", "network firewall", "network firewalls"],
                 "sv": ["brandvägg", "brandväggar", "brandväggen", "brandväggarna"]},
    "waf": {"*": ["waf"],
            "en": ["web application firewall", "web application firewalls"],
            "sv": ["brandvägg för webbapplikationer", "webbapplikationsbrandvägg"]},
    "ids": {"*": ["ids", "ips", "idps", "ids/ips", "ids and ips", "ids or ips"],
            "en": ["intrusion detection", "intrusion detection system", "intrusion detection systems",
                   "intrusion prevention", "intrusion prevention system", "intrusion prevention systems",
                   "intrusion detection or prevention", "intrusion detection or prevention system",
                   "intrusion detection or prevention systems", "intrusion detection and prevention",
                   "intrusion detection and prevention system", "intrusion detection and prevention systems",
                   "intrusion detection/prevention", "intrusion detection/prevention system"],
            "sv": ["intrångsdetektering", "intrångsskydd", "intrångsdetekteringssystem"]},
    "leastpriv": {"en": ["least privilege", "principle of least privilege", "least-privilege", "need to know",
                         "need-to-know", "least privilege principle", "least-privilege principle",
                         "minimum necessary access", "minimal privileges", "least privileged access"],
                  "sv": ["minsta behörighet", "principen om minsta behörighet", "minsta möjliga behörighet"]},
    "rbac": {"*": ["rbac"],
             "en": ["role-based access control", "role based access control", "role-based access",
                    "role based access", "role-based permissions", "by role", "per role", "based on role",
                    "based on roles", "based on their role", "based on job role", "role-based"],
             "sv": ["rollbaserad åtkomstkontroll", "rollbaserad behörighet", "rollbaserade behörigheter",
                    "rollbaserad behörighetsstyrning"]},
    "accesscontrol": {"en": ["access control", "access controls", "access management"],
                      "sv": ["åtkomstkontroll", "åtkomstkontroller", "behörighetsstyrning", "behörighetshantering"]},
    "staff": {"en": ["employee", "employees", "staff", "staff members", "personnel", "workforce", "workers",
                     "team members"],
              "sv": ["anställd", "anställda", "personal", "personalen", "medarbetare", "medarbetarna",
                     "anställde"]},
    "customer": {"en": ["customer", "customers", "client organizations", "client data"],
                 "sv": ["kund", "kunder", "kunden", "kunderna", "kundens", "kundernas"]},
    "endpoint": {"en": ["client systems", "client system", "client devices", "client device", "client computers",
                        "endpoint", "endpoints", "laptop", "laptops", "workstation", "workstations", "desktop",
                        "desktops", "end-user devices", "user devices", "employee devices", "company laptops"],
                 "sv": ["klientdatorer", "klientsystem", "bärbara datorer", "bärbar dator", "arbetsstationer",
                        "arbetsstation", "datorer", "slutpunkter", "klientenheter"]},
    "contract": {"en": ["contract", "contracts", "subscription", "subscriptions", "agreement", "service agreement",
                        "customer agreement"],
                 "sv": ["avtal", "avtalet", "abonnemang", "abonnemanget", "prenumeration", "prenumerationen",
                        "kontrakt", "kontraktet", "kundavtal"]},
    "terminate": {"en": ["terminate", "terminated", "terminates", "termination", "cancel", "cancels", "cancelled",
                         "canceled", "cancellation", "end", "ends", "ended", "expire", "expires", "expired",
                         "expiry", "expiration", "offboarding"],
                  "sv": ["upphör", "upphört", "upphörande", "uppsägning", "uppsagt", "sägs upp", "sagts upp",
                         "säger upp", "avslutas", "avslutat", "avslutats", "löper ut", "gått ut"]},
    "pii": {"*": ["pii"],
            "en": ["personal data", "personally identifiable information", "personal information",
                   "personal identifiable information"],
            "sv": ["personuppgifter", "personuppgift", "personuppgifterna", "persondata"]},
    "gdpr": {"*": ["gdpr", "dsgvo"],
             "en": ["general data protection regulation"],
             "sv": ["dataskyddsförordningen", "dataskyddsförordning"]},
    "dpo": {"*": ["dpo"],
            "en": ["data protection officer"],
            "sv": ["dataskyddsombud", "dataskyddsombudet"]},
    "soc2": {"*": ["soc 2", "soc2", "soc ii", "soc-2"]},
    "soc1": {"*": ["soc 1", "soc1", "soc i", "ssae 16", "ssae 18", "isae 3402"]},
    "type2": {"en": ["type 2", "type ii", "type two"], "sv": ["typ 2", "typ ii", "type 2", "type ii"]},
    "type1": {"en": ["type 1", "type i", "type one"], "sv": ["typ 1", "typ i", "type 1", "type i"]},
    "iso27001": {"*": ["iso 27001", "iso/iec 27001", "iso27001", "iso-27001", "iec 27001", "27001"]},
    "iso27017": {"*": ["iso 27017", "iso/iec 27017", "iso27017", "27017"]},
    "iso27018": {"*": ["iso 27018", "iso/iec 27018", "iso27018", "27018"]},
    "iso27701": {"*": ["iso 27701", "iso/iec 27701", "iso27701", "27701"]},
    "iso22301": {"*": ["iso 22301", "iso22301", "22301"]},
    "isms": {"*": ["isms"],
             "en": ["information security management system", "information security management"],
             "sv": ["ledningssystem för informationssäkerhet", "lis"]},
    "patch": {"en": ["patch", "patches", "patching", "patched", "security updates", "security update",
                     "patch management"],
              "sv": ["patchning", "patchar", "patchhantering", "säkerhetsuppdateringar", "säkerhetsuppdatering",
                     "uppdateringshantering", "patchas", "patcha"]},
    "malware": {"en": ["malware", "malicious software", "malicious code", "virus", "viruses", "antivirus",
                       "anti-virus software", "antivirus software", "anti-malware software",
                       "anti-virus", "anti-malware", "antimalware", "endpoint protection"],
                "sv": ["skadlig kod", "skadlig programvara", "skadeprogram", "virus", "virusskydd", "antivirus",
                       "antivirusprogram"]},
    "delete": {"en": ["delete", "deleted", "deletes", "deletion", "deleting", "erase", "erased", "erasure",
                      "purge", "purged", "destroy", "destroyed", "destruction", "wipe", "wiped"],
               "sv": ["radera", "raderas", "raderar", "raderad", "raderade", "radering", "gallra", "gallras",
                      "gallring", "förstörs", "tas bort", "tar bort"]},
    "retention": {"en": ["retention", "retain", "retained", "retains", "retention period", "keep", "kept"],
                  "sv": ["lagringstid", "bevarandetid", "bevaras", "bevarar", "sparas", "behålls", "behåller",
                         "lagringsperiod"]},
    "riskassess": {"en": ["risk assessment", "risk assessments", "risk analysis", "risk management"],
                   "sv": ["riskbedömning", "riskbedömningar", "riskanalys", "riskanalyser", "riskhantering"]},
    "changemgmt": {"en": ["change management", "change control", "change process"],
                   "sv": ["ändringshantering", "förändringshantering", "ändringsprocess"]},
    "secpolicy": {"en": ["information security policy", "security policy", "security policies",
                         "information security policies"],
                  "sv": ["informationssäkerhetspolicy", "säkerhetspolicy", "säkerhetspolicyer",
                         "informationssäkerhetspolicyn"]},
    "disclosure": {"en": ["responsible disclosure", "vulnerability disclosure", "coordinated disclosure",
                          "bug bounty", "report security vulnerabilities", "report vulnerabilities",
                          "security contact"],
                   "sv": ["ansvarsfullt offentliggörande", "samordnat offentliggörande", "rapportera sårbarheter",
                          "sårbarhetsrapportering"]},
    "location": {"en": ["data residency", "data location", "location", "located", "reside", "resides",
                        "hosted where", "region"],
                 "sv": ["datalagringsplats", "lagringsplats", "placering", "placerade", "belägna", "region"]},
    "eu": {"*": ["eu", "eea", "eu/eea"],
           "en": ["european union", "european economic area", "europe"],
           "sv": ["europeiska unionen", "ees", "europa", "eu/ees"]},
    "unitedstates": {"*": ["usa", "u s a"],
                     "en": ["united states", "united states of america", "america"],
                     "sv": ["förenta staterna", "amerika"]},
    "provider": {"en": ["hosting provider", "cloud provider", "service provider", "hosting company",
                        "cloud service provider", "infrastructure provider", "third-party provider",
                        "third party provider"],
                 "sv": ["driftleverantör", "molnleverantör", "tjänsteleverantör", "infrastrukturleverantör"]},
    "guards": {"en": ["security guard", "security guards", "guards", "security staff", "guarded", "security officers",
                      "patrolled"],
               "sv": ["väktare", "vakter", "säkerhetspersonal", "bevakning", "bevakad", "bevakat"]},
    "cctv": {"*": ["cctv"],
             "en": ["video surveillance", "camera", "cameras", "surveillance camera", "surveillance cameras",
                    "camera systems", "video monitoring"],
             "sv": ["kameraövervakning", "kamera", "kameror", "övervakningskameror", "kamerasystem"]},
    "badge": {"en": ["badge", "badges", "access card", "access cards", "swipe card", "swipe cards", "key card",
                     "key cards", "keycard", "proximity card", "proximity badge", "badge access"],
              "sv": ["passerkort", "passerkortet", "passerkortssystem", "inpasseringskort", "nyckelkort"]},
    "visitor": {"en": ["visitor", "visitors", "guest", "guests"],
                "sv": ["besökare", "besökaren", "gäster", "gäst"]},
    "mdm": {"*": ["mdm"],
            "en": ["mobile device management", "device management", "centrally managed devices"],
            "sv": ["enhetshantering", "mobilenhetshantering"]},
    "annual": {"en": ["annual", "annually", "yearly", "every year", "once a year", "each year", "per year",
                      "at least once per year", "at least annually"],
               "sv": ["årlig", "årliga", "årligen", "varje år", "en gång om året", "en gång per år", "årsvis"]},
    "monitor": {"en": ["monitor", "monitors", "monitored", "monitoring"],
                "sv": ["övervakning", "övervakar", "övervakas", "övervaka", "övervakningen", "bevakar"]},
    "logging": {"en": ["log", "logs", "logged", "logging", "audit log", "audit logs", "audit trail",
                       "audit trails", "event logs"],
                "sv": ["logg", "loggar", "loggas", "loggning", "loggningen", "loggarna", "granskningslogg",
                       "händelselogg", "händelseloggar", "loggad", "loggade"]},
    "breach": {"en": ["data breach", "data breaches", "security breach", "personal data breach", "breach",
                      "breaches"],
               "sv": ["personuppgiftsincident", "personuppgiftsincidenter", "dataintrång", "säkerhetsincident",
                      "säkerhetsincidenter", "intrång"]},
    "vulnerability": {"en": ["vulnerability", "vulnerabilities", "weakness", "weaknesses"],
                      "sv": ["sårbarhet", "sårbarheter", "sårbarheterna"]},
    "thirdparty": {"en": ["third party", "third parties", "third-party", "third-parties", "vendor", "vendors",
                          "supplier", "suppliers", "subcontractor", "subcontractors"],
                   "sv": ["tredje part", "tredje parter", "tredjepart", "tredjeparter", "leverantör", "leverantörer",
                          "underleverantör", "underleverantörer"]},
    "segregation": {"en": ["segregation", "segregated", "segregate", "separation", "separated", "separate",
                           "kept apart", "keeps apart", "kept separate", "partitioned", "partitioning",
                           "isolation", "isolated", "isolate", "multi-tenant", "multitenant", "tenant isolation"],
                    "sv": ["separering", "separerade", "separeras", "åtskillnad", "åtskilda", "isär", "isolering",
                           "isolerade", "isoleras", "avskild", "avskilda"]},
    "review": {"en": ["review", "reviews", "reviewed", "reviewing"],
               "sv": ["granskning", "granskningar", "granskas", "granskar", "granskad", "granskade", "översyn",
                      "ses över"]},
    "audit": {"en": ["audit", "audits", "audited", "auditor", "auditors", "assessment", "assessed",
                     "attestation", "attested"],
              "sv": ["revision", "revisioner", "revisor", "revisorer", "granskningsrapport", "reviderad"]},
    "certified": {"en": ["certified", "certification", "certifications"],
                  "sv": ["certifierad", "certifierade", "certifierat", "certifiering", "certifieringar"]},
    "comply": {"en": ["compliant", "compliance", "comply", "complies", "complying", "conform", "conforms",
                      "adhere", "adheres", "meet the requirements"],
               "sv": ["uppfyller", "efterlever", "följer", "regelefterlevnad", "efterlevnad", "uppfylla",
                      "uppfylls", "följa"]},
    "privacypolicy": {"en": ["privacy policy", "privacy notice", "privacy statement"],
                      "sv": ["integritetspolicy", "integritetspolicyn", "dataskyddspolicy", "integritetsmeddelande"]},
    "training": {"en": ["training", "trainings", "trained", "train"],
                 "sv": ["utbildning", "utbildningar", "utbildas", "utbildad", "utbildade", "utbildningen"]},
    "hardening": {"en": ["hardening", "hardened", "harden", "baseline configuration", "baseline configurations",
                         "baseline", "baselines", "hardened baseline", "hardened baselines",
                         "secure configuration", "secure baseline", "cis benchmark", "cis benchmarks"],
                  "sv": ["härdning", "härdade", "härdad", "härdas", "grundkonfiguration", "baskonfiguration",
                         "säker konfiguration", "baslinje", "baslinjer"]},
    "export": {"en": ["export", "exports", "exported", "data portability", "download their data"],
               "sv": ["exportera", "exporteras", "export", "dataportabilitet"]},
    "require": {"en": ["require", "required", "requires", "requiring", "mandatory", "compulsory", "obligatory",
                        "must", "need", "needed", "needs", "have to", "has to", "enforce", "enforced", "enforces",
                        "enforcing", "requirement", "requirements", "rules"],
                "sv": ["krävs", "kräver", "kräva", "krävde", "obligatorisk", "obligatoriskt", "obligatoriska",
                       "måste", "behöver", "behövs", "tvingande", "krav", "kraven", "regler", "reglerna"]},
    "enter": {"en": ["enter", "enters", "entering", "reach", "reaches", "reached", "get into", "gain entry"],
              "sv": ["komma in", "kommer in", "tillträde", "passera", "passerar", "nå", "når", "nås"]},
    "store": {"en": ["store", "stores", "stored", "storing", "storage", "hold", "holds", "held", "holding", "host",
                     "hosts", "hosted", "house", "housed", "reside", "resides", "persist", "persisted"],
              "sv": ["lagra", "lagrar", "lagras", "lagrade", "lagrat", "lagring", "förvara", "förvarar", "förvaras",
                     "driftas", "driftar", "hålls", "ligger"]},
    "frequency": {"en": ["how often", "often", "frequently", "frequency", "how frequently", "cadence", "interval",
                          "intervals"],
                  "sv": ["hur ofta", "ofta", "frekvens", "intervall", "intervaller", "hur täta"]},
    "signatures": {"en": ["virus definitions", "virus definition", "malware definitions", "definition files",
                          "signature", "signatures", "virus signatures", "anti-virus signatures",
                          "antivirus signatures", "malware signatures"],
                   "sv": ["virusdefinitioner", "virusdefinitionerna", "signaturer", "signaturerna",
                          "antivirussignaturer", "antivirussignaturerna", "virussignaturer"]},
    "protect": {"en": ["protect", "protects", "protected", "protecting", "protection", "guard", "safeguard",
                        "safeguards", "safeguarded", "shield"],
                "sv": ["skydda", "skyddar", "skyddas", "skyddad", "skyddade", "skydd", "skyddet"]},
    "product": {"en": ["product", "products", "service", "services", "platform", "application", "applications",
                        "app", "apps", "solution", "solutions"],
                "sv": ["produkt", "produkter", "produkten", "produkterna", "tjänst", "tjänsten", "tjänster",
                       "tjänsterna", "plattform", "plattformen", "applikation", "applikationen", "app", "appar",
                       "lösning", "lösningen", "lösningar"]},
    "production": {"en": ["production", "production environment", "production environments",
                           "production infrastructure", "production systems", "production system", "live environment",
                           "production servers"],
                    "sv": ["produktion", "produktionen", "produktionsmiljö", "produktionsmiljön", "produktionsmiljöer",
                           "produktionsinfrastruktur", "produktionsinfrastrukturen", "produktionssystem",
                           "produktionssystemen"]},
    "obtain": {"en": ["obtain", "obtained", "request", "requested", "receive", "received", "be provided with",
                       "have access to", "get access to", "get a copy"],
               "sv": ["erhålla", "erhåller", "begära", "begär", "ta del av", "tar del av", "få tillgång till"]},
    "continuous": {"en": ["continuously", "continuous", "constantly", "at all times", "all the time", "around the clock",
                          "24/7", "24x7", "24 7", "24x7x365", "day and night"],
                   "sv": ["kontinuerligt", "kontinuerlig", "ständigt", "hela tiden", "dygnet runt", "alltid",
                          "dag och natt"]},
    "central": {"en": ["central", "centrally", "centralised", "centralized", "central location", "central place",
                       "one place", "single place", "single location", "one location", "in one place"],
                "sv": ["central", "centralt", "centrala", "centraliserad", "centraliserat", "på ett ställe",
                       "på en plats", "samlat"]},
    "indefinite": {"en": ["indefinitely", "forever", "permanently", "without time limit", "without a time limit",
                          "for an unlimited time", "perpetually"],
                   "sv": ["obestämd tid", "för alltid", "permanent", "utan tidsgräns", "obegränsad tid"]},
    "privacy": {"en": ["privacy", "data protection"],
                "sv": ["integritet", "integritetsskydd", "dataskydd", "dataskyddet"]},
    "redundant": {"en": ["redundant", "redundantly", "redundancy", "high availability", "highly available",
                         "failover", "replicated", "replication"],
                  "sv": ["redundant", "redundans", "redundanta", "hög tillgänglighet", "replikering",
                         "replikeras", "replikerade"]},
}

# Topic neighbours: used to find candidates, never to decide an answer.
RELATED: dict[str, tuple[str, ...]] = {
    "baa": ("hipaa", "phi"),
    "hipaa": ("baa", "phi"),
    "phi": ("hipaa", "baa"),
    "pci": ("carddata", "cardpay"),
    "carddata": ("pci", "cardpay"),
    "cardpay": ("pci", "carddata"),
    "sso": ("idp", "saml", "oauth", "login"),
    "idp": ("sso", "saml", "oauth"),
    "saml": ("sso", "idp"),
    "oauth": ("sso", "idp"),
    "mfa": ("authn", "login"),
    "dpa": ("gdpr", "processor", "pii"),
    "gdpr": ("dpa", "pii", "dpo"),
    "subprocessor": ("thirdparty", "provider", "dpa"),
    "thirdparty": ("subprocessor", "provider"),
    "provider": ("thirdparty", "subprocessor", "datacenter"),
    "pentest": ("vulnerability", "scan"),
    "vulnmgmt": ("vulnerability", "scan", "patch"),
    "datacenter": ("datahall", "provider"),
    "datahall": ("datacenter",),
    "backup": ("dr", "bcp"),
    "dr": ("bcp", "backup"),
    "bcp": ("dr", "backup"),
    "firewall": ("waf",),
    "waf": ("firewall",),
    "soc2": ("audit", "type2"),
    "iso27001": ("isms", "certified"),
    "isms": ("iso27001",),
    "atrest": ("encrypt",),
    "intransit": ("encrypt", "tls"),
    "tls": ("intransit", "encrypt"),
    "keymgmt": ("encrypt",),
    "awareness": ("training",),
    "training": ("awareness",),
    "breach": ("incidentresp",),
    "incidentresp": ("breach",),
    "rbac": ("accesscontrol", "leastpriv"),
    "leastpriv": ("accesscontrol", "rbac"),
    "location": ("datacenter", "eu", "unitedstates"),
    "delete": ("retention",),
    "retention": ("delete", "store"),
    "store": ("retention", "location"),
}


@cache
def concept_term(concept: str) -> str:
    """The term a concept becomes (a character no stem contains keeps concepts and stems apart).

    A concept named "a+b" stands for a compound that means both ("sårbarhetsskanning" is
    vulnerability + scan) and becomes the terms "§a §b"."""
    return " ".join("§" + part for part in concept.split("+"))


@dataclass
class PhraseTable:
    """Stemmed phrases of one language, longest first, keyed by their first stem."""

    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    seconds: dict[str, set[str]] = field(default_factory=dict)  # first stem -> the stems that follow it
    words: dict[str, str] = field(default_factory=dict)  # single listed words, as written

    def add(self, stems: tuple[str, ...], concept: str) -> None:
        if not stems:
            return
        bucket = self.by_first.setdefault(stems[0], [])
        if len(stems) > 1:
            self.seconds.setdefault(stems[0], set()).add(stems[1])
        if (stems, concept) not in bucket:
            bucket.append((stems, concept))
            bucket.sort(key=lambda item: -len(item[0]))

    def phrase_at(self, stems: list[str], i: int) -> tuple[str | None, int]:
        """The concept term of the longest phrase of several words starting at token i, and its length."""
        # Most words that start a phrase ("data", "key") are not followed by one: the next stem says so.
        if i + 1 >= len(stems) or stems[i + 1] not in self.seconds.get(stems[i], ()):
            return None, 0
        for phrase, concept in self.by_first.get(stems[i], ()):
            n = len(phrase)
            if n > 1 and tuple(stems[i:i + n]) == phrase:
                return concept_term(concept), n
        return None, 0

    def match(self, stems: list[str], raw: list[str], i: int) -> tuple[str | None, int]:
        """The concept term of the longest phrase starting at token i, and its length in tokens.

        Phrases of several words match on stems; a single word only as one of its listed forms,
        because stems collide ("production" and "product", "applicable" and "application")."""
        found = self.phrase_at(stems, i)
        if found[0]:
            return found
        word_concept = self.words.get(raw[i])
        if word_concept:
            return concept_term(word_concept), 1
        return None, 0


@cache
def phrase_table(lang: str) -> PhraseTable:
    from .language import stem, words  # late: language imports this module

    table = PhraseTable()
    for concept, by_lang in SYNONYMS.items():
        for key in ("*", lang):
            for phrase in by_lang.get(key, ()):
                ws = words(phrase)
                if len(ws) == 1:
                    table.words.setdefault(ws[0], concept)
                else:
                    table.add(tuple(stem(w, lang) for w in ws), concept)
    return table


def related_terms(term: str) -> tuple[str, ...]:
    if not term.startswith("§"):
        return ()
    return tuple(concept_term(c) for c in RELATED.get(term[1:], ()))
