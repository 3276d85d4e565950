"""Hand-written word lists for the synthetic NER generator (scripts/gen_ner_data.py).

Real-world names are here because Faker's cities/companies are mostly invented and real prompts mention real
places and organisations. The *_NEG lists are hard negatives: capitalised words that must stay `O`.
"""

REAL_CITIES = """
New York|Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|San Jose|Austin|Seattle|
Denver|Boston|Portland|Atlanta|Miami|Nashville|Detroit|Baltimore|Minneapolis|Pittsburgh|Cleveland|San Francisco|
Las Vegas|Salt Lake City|New Orleans|Sacramento|Toronto|Montreal|Vancouver|Calgary|Ottawa|Mexico City|Guadalajara|
London|Manchester|Birmingham|Leeds|Glasgow|Edinburgh|Liverpool|Bristol|Cardiff|Belfast|Dublin|Cork|Oxford|Cambridge|
Paris|Lyon|Marseille|Toulouse|Nice|Bordeaux|Lille|Nantes|Strasbourg|Berlin|Hamburg|Munich|München|Köln|Cologne|
Frankfurt|Stuttgart|Düsseldorf|Leipzig|Dresden|Hannover|Nürnberg|Bremen|Vienna|Wien|Graz|Salzburg|Zurich|Zürich|
Geneva|Genève|Basel|Bern|Lausanne|Madrid|Barcelona|Valencia|Sevilla|Seville|Bilbao|Málaga|Zaragoza|Lisbon|Lisboa|
Porto|Rome|Roma|Milan|Milano|Naples|Napoli|Turin|Torino|Florence|Firenze|Bologna|Venice|Venezia|Genoa|Palermo|
Amsterdam|Rotterdam|Utrecht|The Hague|Den Haag|Eindhoven|Brussels|Bruxelles|Antwerp|Antwerpen|Ghent|Luxembourg|
Copenhagen|København|Aarhus|Stockholm|Gothenburg|Göteborg|Malmö|Uppsala|Oslo|Bergen|Helsinki|Tampere|Reykjavik|
Warsaw|Warszawa|Kraków|Krakow|Gdańsk|Wrocław|Poznań|Łódź|Prague|Praha|Brno|Budapest|Bratislava|Vienna|Ljubljana|
Zagreb|Belgrade|Bucharest|București|Cluj-Napoca|Sofia|Athens|Thessaloniki|Istanbul|Ankara|Izmir|Kyiv|Lviv|Vilnius|
Riga|Tallinn|Tokyo|Osaka|Kyoto|Seoul|Busan|Beijing|Shanghai|Shenzhen|Hong Kong|Taipei|Singapore|Bangkok|Hanoi|
Ho Chi Minh City|Jakarta|Manila|Kuala Lumpur|Mumbai|Delhi|New Delhi|Bangalore|Bengaluru|Chennai|Hyderabad|Pune|
Kolkata|Karachi|Lahore|Dhaka|Dubai|Abu Dhabi|Doha|Riyadh|Tel Aviv|Jerusalem|Cairo|Casablanca|Lagos|Nairobi|Accra|
Johannesburg|Cape Town|Sydney|Melbourne|Brisbane|Perth|Adelaide|Auckland|Wellington|São Paulo|Rio de Janeiro|
Buenos Aires|Santiago|Lima|Bogotá|Medellín|Caracas|Montevideo|Quito|Havana|Boulder|Cupertino|Palo Alto|Redmond|
Mountain View|Cambridge|Princeton|Berkeley|Ann Arbor|Lyon|Aix-en-Provence|Saint-Étienne|Stratford-upon-Avon|
Winston-Salem|Garmisch-Partenkirchen|Frankfurt am Main|Bad Homburg|Kingston upon Thames
"""

AMBIGUOUS_NAMES = """Jordan|Georgia|Paris|Sydney|Austin|Florence|Victoria|Madison|Chelsea|Savannah|Lincoln|Washington|
Virginia|Dallas|Phoenix|Brooklyn|Aurora|Camden|Charlotte|Orlando|Eugene|Troy|Jackson|Kent|Chester|Devon|Adelaide|
Regina|Marion|Clifton|Lourdes|Sofia|Valencia|Santiago|Asia|India|Israel|Jersey|Memphis|Houston|Denver|Logan|Tyler"""

REAL_COUNTRIES = """United States|USA|U.S.|United Kingdom|UK|Great Britain|England|Scotland|Wales|Northern Ireland|
Ireland|France|Germany|Deutschland|Spain|España|Italy|Italia|Portugal|Netherlands|the Netherlands|Holland|Belgium|
Switzerland|Austria|Österreich|Denmark|Sweden|Sverige|Norway|Finland|Iceland|Poland|Polska|Czech Republic|Czechia|
Slovakia|Hungary|Romania|Bulgaria|Greece|Turkey|Türkiye|Ukraine|Lithuania|Latvia|Estonia|Croatia|Serbia|Slovenia|
Canada|Mexico|Brazil|Brasil|Argentina|Chile|Colombia|Peru|Venezuela|Japan|China|South Korea|Korea|India|Pakistan|
Bangladesh|Indonesia|Vietnam|Thailand|Philippines|Malaysia|Singapore|Australia|New Zealand|South Africa|Nigeria|
Kenya|Egypt|Morocco|Ghana|Ethiopia|Israel|Saudi Arabia|UAE|United Arab Emirates|Qatar|Jordan|Lebanon|Iran|Iraq|
Luxembourg|Malta|Cyprus|Monaco|Liechtenstein|Taiwan|Hong Kong|Russia|Georgia|Armenia|Kazakhstan"""

REGIONS = """California|Texas|New York State|Florida|Illinois|Washington State|Massachusetts|Ohio|Oregon|Colorado|
Arizona|Georgia|Michigan|New Jersey|Virginia|Ontario|Quebec|British Columbia|Alberta|Bavaria|Bayern|
Baden-Württemberg|Nordrhein-Westfalen|North Rhine-Westphalia|Hesse|Saxony|Île-de-France|Provence|Normandy|Brittany|
Catalonia|Catalunya|Andalusia|Lombardy|Tuscany|Toscana|Sicily|Sardinia|Flanders|Wallonia|Yorkshire|Cornwall|Kent|
Surrey|Essex|Lancashire|the Midlands|the Highlands|Silesia|Lower Saxony|Tyrol|Ticino|Algarve|Scania|Skåne|Jutland|
Lapland|Kerala|Maharashtra|Karnataka|Queensland|New South Wales|Victoria|Patagonia|Siberia|Silicon Valley|
the Bay Area|the Alps|the Balkans|Scandinavia|the Riviera|Côte d'Azur|the Ruhr"""

LANDMARKS = """Heathrow Airport|Gatwick|JFK Airport|Charles de Gaulle Airport|Schiphol|Frankfurt Airport|Central Park|
Hyde Park|the Eiffel Tower|Times Square|Union Square|Canary Wharf|King's Cross|Grand Central|Alexanderplatz|
Potsdamer Platz|Lake Como|Lake Geneva|the Thames|the Rhine|the Danube|Mount Everest|Kilimanjaro|the Golden Gate Bridge|
Piccadilly Circus|Oxford Street|Fifth Avenue|Wall Street|Champs-Élysées|La Rambla|Plaza Mayor|Trafalgar Square|
Brooklyn Heights|Notting Hill|Kreuzberg|Montmartre|Trastevere|Södermalm|Shibuya|Manhattan|Queens|the Bronx|
Westminster|Camden Town|Soho|Greenwich|Marylebone|Schwabing|Prenzlauer Berg|Le Marais|Jordaan"""

REAL_ORGS = """Google|Alphabet|Microsoft|Apple|Amazon|Meta|Facebook|Netflix|IBM|Oracle|SAP|Siemens|Bosch|BMW|Volkswagen|
Daimler|Mercedes-Benz|Porsche|Audi|BASF|Bayer|Allianz|Deutsche Bank|Commerzbank|Deutsche Telekom|Lufthansa|
Airbus|Renault|Peugeot|L'Oréal|LVMH|TotalEnergies|BNP Paribas|Société Générale|Crédit Agricole|AXA|Danone|
Nestlé|Novartis|Roche|UBS|Credit Suisse|Zurich Insurance|ABB|Philips|Shell|Unilever|ING|ABN AMRO|Rabobank|Heineken|
ASML|Spotify|Ericsson|Volvo|IKEA|H&M|Nokia|Novo Nordisk|Maersk|Carlsberg|Lego|Santander|BBVA|Telefónica|Inditex|
Zara|Iberdrola|Enel|Eni|Fiat|Ferrari|UniCredit|Intesa Sanpaolo|Generali|HSBC|Barclays|Lloyds Bank|NatWest|BP|
Vodafone|BT|Tesco|Sainsbury's|Rolls-Royce|GSK|AstraZeneca|Unilever|the BBC|BBC|the NHS|NHS|NHS England|
Goldman Sachs|JPMorgan Chase|JPMorgan|Morgan Stanley|Citigroup|Citi|Bank of America|Wells Fargo|BlackRock|
Deloitte|PwC|PricewaterhouseCoopers|KPMG|EY|Ernst & Young|Accenture|McKinsey|McKinsey & Company|Boston Consulting Group|
Bain & Company|Tesla|SpaceX|Nvidia|NVIDIA|Intel|AMD|Qualcomm|Cisco|Salesforce|Adobe|Uber|Airbnb|Stripe|Shopify|
Atlassian|Zoom|Slack Technologies|Dropbox|OpenAI|Anthropic|DeepMind|Hugging Face|Mistral AI|Cohere|Samsung|Sony|
Toyota|Honda|Nissan|Hitachi|Panasonic|Huawei|Alibaba|Tencent|Baidu|Infosys|Tata Consultancy Services|Wipro|
Reliance Industries|Pfizer|Moderna|Johnson & Johnson|Merck|Sanofi|Medtronic|Kaiser Permanente|Mayo Clinic|
Cleveland Clinic|Johns Hopkins Hospital|Charité|the Red Cross|Red Cross|UNICEF|the United Nations|United Nations|
the UN|the World Health Organization|WHO|the European Commission|European Commission|the European Central Bank|
the IMF|the World Bank|NATO|the FBI|FBI|the CIA|the IRS|IRS|HMRC|the Home Office|the FDA|FDA|NASA|the EPA|
the Bundesbank|the Federal Reserve|Harvard University|Harvard|Stanford University|Stanford|MIT|
the University of Oxford|Oxford University|Cambridge University|Imperial College London|ETH Zurich|ETH Zürich|
TU München|Sorbonne|Sciences Po|Yale|Princeton University|Columbia University|UCLA|UC Berkeley|
Carnegie Mellon University|University College London|King's College London|Karolinska Institutet|KU Leuven|
Delft University of Technology|Politecnico di Milano|Universidad Complutense|Walmart|Target|Costco|Starbucks|
McDonald's|Coca-Cola|PepsiCo|Procter & Gamble|Nike|Adidas|Puma|FedEx|UPS|DHL|Deutsche Post|Ryanair|easyJet|
Air France|KLM|British Airways|Emirates|Delta Air Lines|United Airlines|American Express|Visa|Mastercard|PayPal|
Revolut|N26|Klarna|Monzo|Wise|Allianz Global Investors|Munich Re|Swiss Re|Aviva|Prudential|MetLife|Zurich Airport Authority|
Greenpeace|Amnesty International|Médecins Sans Frontières|Oxfam|the Gates Foundation|Wikimedia Foundation|
Mozilla|the Linux Foundation|Apache Software Foundation|Red Hat|Canonical|GitHub|GitLab|Cloudflare|Datadog|
Snowflake|Databricks|Palantir|ServiceNow|Workday|Twilio|Okta|Zendesk|HubSpot|Asana|Notion Labs|Figma|Canva"""

ORG_PATTERNS = [
    "{LAST} & Partners", "{LAST} & {LAST} LLP", "{LAST} {LAST} Solicitors", "{LAST} Consulting", "{LAST} Group",
    "{LAST} Holdings", "{LAST} Industries", "{LAST} Logistics", "{LAST} Capital", "{LAST} Ventures",
    "{LAST} Family Dental", "{LAST} Law Group", "{LAST} Architects", "{LAST} & Sons", "{LAST} Bakery",
    "University of {CITY}", "{CITY} University", "{CITY} General Hospital", "{CITY} City Council",
    "{CITY} Children's Hospital", "St. {LAST}'s Hospital", "{CITY} Public Library", "Bank of {CITY}",
    "{CITY} Medical Center", "{CITY} Tech", "{CITY} Analytics GmbH", "{CITY} Software AG", "{CITY} Energy",
    "Stadtwerke {CITY}", "Universität {CITY}", "Université de {CITY}", "Universidad de {CITY}",
    "Hôpital de {CITY}", "Klinikum {CITY}", "{LAST} GmbH", "{LAST} AG", "{LAST} SA", "{LAST} S.p.A.",
    "{LAST} B.V.", "{LAST} AB", "{LAST} Sp. z o.o.", "{LAST} Ltd", "{LAST} Ltd.", "{LAST} Inc.", "{LAST} LLC",
    "{LAST} Corp.", "{LAST} Corporation", "{LAST} Pharma", "{LAST} Insurance", "{LAST} Bank",
    "{WORD}soft", "{WORD}ly", "{WORD} Labs", "{WORD} Systems", "{WORD} Technologies", "{WORD} Health",
    "{WORD} Robotics", "{WORD} Networks", "{WORD} Dynamics", "{WORD} Bio", "{WORD} Finance", "{WORD}Tech",
]
ORG_WORDS = """Acme|Globex|Initech|Umbrella|Stark|Wayne|Vandelay|Hooli|Cyberdyne|Tyrell|Soylent|Massive|Blue Harbor|
Northwind|Contoso|Fabrikam|Tailspin|Litware|Adventure Works|Woodgrove|Proseware|Alpine|Nordic|Summit|Evergreen|
Silverline|Brightpath|Cobalt|Quantum|Vertex|Pinnacle|Horizon|Helix|Nimbus|Orbital|Redwood|Sterling|Lumen|Polaris|
Aurum|Zenith|Keystone|Bluefin|Ironclad|Greenfield|Clearwater|Riverbend|Oakridge|Crescent|Meridian|Sapphire"""

# ---------------------------------------------------------------- hard negatives (always O)
TECH_NEG = """React|Django|Kubernetes|PostgreSQL|Postgres|Redis|Docker|Terraform|Flask|Spring Boot|Angular|Vue|
Node.js|Kafka|Spark|Airflow|Jenkins|Ansible|Grafana|Prometheus|Elasticsearch|Jira|Confluence|Excel|PowerPoint|
Outlook|Windows|Linux|Ubuntu|macOS|Android|iOS|iPhone|Chrome|Firefox|Safari|Python|Java|Rust|Go|TypeScript|
JavaScript|Swift|Kotlin|Ruby|Perl|Julia|Scala|Haskell|Elixir|Erlang|Pandas|NumPy|PyTorch|TensorFlow|Jupyter|
Hadoop|Cassandra|MongoDB|MySQL|SQLite|Nginx|Tomcat|Webpack|Babel|Jest|Mocha|Cypress|Selenium|Playwright|Vite|
Next.js|Svelte|Laravel|Rails|Express|FastAPI|Celery|Sentry|Splunk|Kibana|Helm|Istio|Envoy|Consul|Vault|Nomad|
GraphQL|REST|gRPC|OAuth|SAML|LDAP|Kerberos|Bootstrap|Tailwind|jQuery|Lodash|Pydantic|SQLAlchemy|Alembic|Gunicorn|
Uvicorn|Pytest|Maven|Gradle|Bazel|CMake|Git|Bitbucket|VS Code|IntelliJ|PyCharm|Vim|Emacs|Bash|Zsh|PowerShell|
Lambda|EC2|S3|BigQuery|Redshift|DynamoDB|Snowpark|Looker|Tableau|Power BI|SharePoint|Teams|OneDrive|Gmail|
Google Sheets|Google Docs|ChatGPT|Claude|Copilot|Gemini|Llama|Mistral 7B|Whisper|Stable Diffusion|Kotlin Multiplatform|
Flutter|Dart|Unity|Unreal Engine|Blender|Photoshop|Figma file|Notion page|Trello|Miro|Postman|Insomnia|Swagger|
OpenAPI|Kustomize|ArgoCD|Flux|Tekton|CircleCI|Travis|GitHub Actions|Dependabot|Renovate|SonarQube|Snyk|Trivy"""

PROJECT_NEG = """Project Phoenix|Project Atlas|Apollo|Orion|Hermes|Odyssey|Titan|Falcon|Mercury|Neptune|Jupiter|Saturn|
Everest|Blue Sky|Northstar|Lighthouse|Greenlight|Moonshot|Bluebird|Starlight|Thunderbolt|Project Nightingale|
Operation Clean Slate|Spring Cleaning|Q3 Roadmap|Vision 2030|Horizon Europe|Mission Control"""

CAPS_NEG = """Summary|Action Items|Next Steps|Background|Agenda|Attendees|Notes|Decision|Decisions|Risks|Open Questions|
Introduction|Conclusion|Overview|Requirements|Acceptance Criteria|Steps to Reproduce|Expected Behaviour|
Actual Behaviour|Environment|Release Notes|Changelog|Known Issues|Root Cause|Impact|Timeline|Resolution|
Customer Success|Sales|Marketing|Finance|Legal|Engineering|Human Resources|Operations|Procurement|Compliance|
Security|Platform Team|Data Science|Research|Support|Quality Assurance|Board|Executive Summary|Key Findings|
Recommendations|Appendix|Table of Contents|Terms and Conditions|Privacy Policy|Annual Report|Quarterly Review|
Performance Review|Incident Report|Discharge Summary|Chief Complaint|Medical History|Medication|Allergies|
Diagnosis|Treatment Plan|Follow-up|Non-Disclosure Agreement|Statement of Work|Master Services Agreement|Invoice|
Purchase Order|Thanks|Regards|Best|Cheers|Please|Urgent|Important|Reminder|Update|Draft|Final|Confidential|
Internal Only|Public|Happy Birthday|Merry Christmas|Happy New Year|Black Friday|Cyber Monday|Good Morning|
Hello World|Lorem Ipsum|Big Data|Machine Learning|Artificial Intelligence|Deep Learning|Cloud Computing|
Blockchain|Zero Trust|Single Sign-On|General Availability|Beta|Alpha|Release Candidate|Hotfix|Sprint Review"""

PLACE_WORD_NEG = [
    "a French press", "the Swiss cheese model", "Greek yogurt", "Russian roulette", "a Dutch oven",
    "a German shepherd", "a Chinese wall", "Brussels sprouts", "a Danish pastry", "Turkish delight",
    "an English breakfast", "Spanish omelette", "Italian dressing", "French fries", "a Swiss army knife",
    "Arabic numerals", "Roman numerals", "Portuguese custard tarts", "Irish coffee", "Belgian waffles",
    "Scotch tape", "Boston terrier", "Hawaiian pizza", "Mexican wave", "Polish notation", "Dutch auction",
    "Venetian blinds", "Persian rug", "Cuban sandwich", "Norwegian salmon", "Canadian bacon", "Brazilian jiu-jitsu",
    "India ink", "Champagne", "Bordeaux wine", "Parmesan", "Dijon mustard", "Cheddar", "Frankfurters", "Hamburgers",
    "Berliner doughnuts", "Chihuahua", "Labrador", "Java beans", "Oxford commas", "Cambridge Analytica-style scandals",
]

JOB_TITLES = """software engineer|senior software engineer|data scientist|product manager|nurse|registered nurse|
physician|cardiologist|accountant|paralegal|associate|partner|HR business partner|recruiter|sales manager|
account executive|customer success manager|CTO|CEO|CFO|COO|VP of Engineering|head of marketing|teacher|
lecturer|professor|pharmacist|technician|intern|consultant|analyst|architect|designer|office manager|
team lead|site reliability engineer|DevOps engineer|security analyst|data protection officer|controller"""

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
TITLES = {
    "en": ["Dr.", "Dr", "Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Prof.", "Professor", "Mx.", "Miss", "Sir", "Dame",
           "Judge", "Captain", "Rev."],
    "de": ["Herr", "Frau", "Dr.", "Prof. Dr.", "Herrn"],
    "fr": ["M.", "Mme", "Mme.", "Monsieur", "Madame", "Dr", "Maître", "Mlle"],
    "es": ["Sr.", "Sra.", "Don", "Doña", "Dr.", "Dra."],
    "it": ["Sig.", "Sig.ra", "Dott.", "Dott.ssa", "Avv.", "Ing."],
    "nl": ["dhr.", "mevr.", "Dhr.", "Mevr.", "Dr."],
    "pt": ["Sr.", "Sra.", "Dr.", "Dra."],
    "pl": ["Pan", "Pani", "dr", "Dr"],
    "sv": ["Dr.", "Herr", "Fru"],
}


def split(s: str) -> list[str]:
    out, seen = [], set()
    for x in s.replace("\n", "").split("|"):
        x = x.strip()
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out
