-- A legacy clinic's patients table as old systems keep it: everything text, dates included, and some rows hostile.
-- Loaded by the corpus run through the JDBC URL (H2's INIT=RUNSCRIPT), so it must run again harmlessly on every new
-- connection: IF NOT EXISTS and MERGE. Every value is invented.
CREATE TABLE IF NOT EXISTS patients (
  patient_id   INT PRIMARY KEY,
  chart_no     VARCHAR(100),
  last_name    VARCHAR(1000),
  first_name   VARCHAR(1000),
  middle_init  VARCHAR(100),
  dob          VARCHAR(100),
  sex          VARCHAR(100),
  phone_home   VARCHAR(100),
  street       CLOB,
  city         VARCHAR(1000),
  state        VARCHAR(100),
  zip          VARCHAR(100),
  legacy_ref   VARCHAR(100)
);
MERGE INTO patients KEY (patient_id) VALUES
  (2001, 'H-0001', 'Hostile', 'Quinn', NULL, '1971-03-08', 'F', '555-0100', '1 Test Rd', 'Springfield', 'IL', '62701', NULL),
  (2002, 'H-0002', 'Nul' || CHAR(0) || 'byte', 'Quinn', NULL, '1971-03-08', 'F', NULL, NULL, NULL, NULL, NULL, NULL),
  (2003, 'H-0003', 'Hostile', 'Quinn', NULL, '31/31/1990', 'F', NULL, NULL, NULL, NULL, NULL, NULL),
  (2004, 'H-0004', 'Hostile', 'Quinn', NULL, '0000-00-00', 'F', NULL, NULL, NULL, NULL, NULL, NULL),
  (2005, NULL, 'Hostile', 'Quinn', NULL, '1971-03-08', 'F', NULL, NULL, NULL, NULL, NULL, NULL),
  (2006, 'H-0006', 'Hostile', 'Quinn', NULL, '1971-03-08', 'F', NULL, REPEAT('A', 10000000), NULL, NULL, NULL, NULL),
  (2007, 'H-0007', 'Host' || CHAR(8238) || 'ile', 'Quinn', NULL, '1971-03-08', 'X', NULL, NULL, NULL, NULL, NULL, NULL),
  (2008, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (2009, 'H-0009', REPEAT('Z', 1000), 'Quinn', NULL, '1971-03-08', 'F', NULL, NULL, NULL, NULL, NULL, NULL);
