// Leaflet and its stylesheet, loaded lazily with the overview map.
import L from "leaflet";
import "leaflet/dist/leaflet.css";

export { L };
