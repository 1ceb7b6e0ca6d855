/**
 * Names people type for Indian cities, and the city each must find (its name
 * and state code in the geography data after 0012_city_aliases): the former
 * names, official renamings and everyday spellings the issue lists, and the
 * current names of rows the data had under an old one.
 */
export const CITY_NAMES: readonly [typed: string, name: string, state: string][] = [
  ["Kochi", "Kochi", "KL"],
  ["Cochin", "Kochi", "KL"],
  ["Ernakulam", "Ernakulam", "KL"],
  ["Bangalore", "Bengaluru", "KA"],
  ["Bombay", "Mumbai", "MH"],
  ["Gurugram", "Gurugram", "HR"],
  ["Gurgaon", "Gurugram", "HR"],
  ["Calcutta", "Kolkata", "WB"],
  ["Trivandrum", "Thiruvananthapuram", "KL"],
  ["Madras", "Chennai", "TN"],
  ["Poona", "Pune", "MH"],
  ["Baroda", "Vadodara", "GJ"],
  ["Mysore", "Mysuru", "KA"],
  ["Mangalore", "Mangaluru", "KA"],
  ["Belgaum", "Belagavi", "KA"],
  ["Calicut", "Kozhikode", "KL"],
  ["Pondicherry", "Puducherry", "PY"],
  ["Benares", "Varanasi", "UP"],
  ["Banaras", "Varanasi", "UP"],
  ["Simla", "Shimla", "HP"],
  ["Allahabad", "Prayagraj", "UP"],
  ["Prayagraj", "Prayagraj", "UP"],
  ["Vizag", "Visakhapatnam", "AP"],
  ["Trichy", "Tiruchirappalli", "TN"],
  ["Madurai", "Madurai", "TN"],
  ["Bhubaneshwar", "Bhubaneswar", "OR"],
  ["Bhubaneswar", "Bhubaneswar", "OR"],
  ["Gauhati", "Guwahati", "AS"],
  ["Cawnpore", "Kanpur", "UP"],
  ["Hubli", "Hubballi", "KA"],
  ["Shimoga", "Shivamogga", "KA"],
];
